using System.Text;
using EmailList.Core.Suppression;

namespace EmailList.QueryApi.Suppression;

/// <summary>The suppression list as RFC 4180 CSV: <c>email,reason,source,createdAt</c>, a header line first.</summary>
internal static class SuppressionCsv
{
    public const string Header = "email,reason,source,createdAt";

    public static readonly IReadOnlyList<string> Columns = ["email", "reason", "source", "createdAt"];

    public static void WriteRow(StringBuilder output, SuppressionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entry);
        WriteField(output, entry.Email);
        output.Append(',');
        WriteField(output, SuppressionReasons.Format(entry.Reason));
        output.Append(',');
        WriteField(output, entry.Source);
        output.Append(',');
        output.Append(entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        output.Append("\r\n");
    }

    /// <summary>Records with the line each starts on; an unterminated quoted field is reported as an error for its line and ends the input.</summary>
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atRecordStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atRecordStart)
            {
                recordLine = line;
                atRecordStart = false;
            }

            if (c == '"' && field.Length == 0)
            {
                // A quoted field: runs to the next lone quote; "" is a quote, and line breaks are part of the field.
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        closed = true;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                if (!closed)
                {
                    yield return new CsvRecord(recordLine, [], $"A quoted field starting on line {recordLine} is never closed.");
                    yield break;
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    yield return new CsvRecord(recordLine, [], "A quoted field must be followed by a comma or the end of the line.");
                    yield break;
                }

                continue;
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                fields.Add(field.ToString());
                field.Clear();
                if (!(fields.Count == 1 && fields[0].Length == 0))
                {
                    yield return new CsvRecord(recordLine, fields.ToArray(), null);
                }

                fields.Clear();
                line++;
                atRecordStart = true;
                continue;
            }

            field.Append(c);
            i++;
        }

        if (!atRecordStart)
        {
            fields.Add(field.ToString());
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                yield return new CsvRecord(recordLine, fields.ToArray(), null);
            }
        }
    }

    /// <summary>
    /// A cell as written by <see cref="WriteRow"/>, back to its value: one leading single quote is dropped when a
    /// formula character or another single quote follows it (see <see cref="WriteField"/>).
    /// </summary>
    public static string Unescape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Length > 1 && field[0] == FormulaGuard && (IsFormulaStart(field[1]) || field[1] == FormulaGuard) ? field[1..] : field;
    }

    // A spreadsheet runs a cell starting with = + - @ (or a tab, CR or NUL before one) as a formula. As OWASP's CSV
    // Injection page says, such a cell gets a leading single quote, which spreadsheets show as "text", and is quoted.
    // A value that itself starts with a single quote gets one more, so that Unescape gives every value back.
    private static void WriteField(StringBuilder output, string value)
    {
        var guarded = value.Length > 0 && (IsFormulaStart(value[0]) || value[0] == FormulaGuard);
        if (!guarded && value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value.Trim().Length == value.Length)
        {
            output.Append(value);
            return;
        }

        output.Append('"');
        if (guarded)
        {
            output.Append(FormulaGuard);
        }

        output.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private const char FormulaGuard = '\'';

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0';
}
