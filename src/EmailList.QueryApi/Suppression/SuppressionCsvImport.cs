using System.Text;
using EmailList.Core.Suppression;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.QueryApi.Suppression;

/// <summary>
/// Imports a suppression-list CSV (<see cref="SuppressionCsv"/>, UTF-8, header first): each valid row is added to the
/// tenant's list; a bad row is skipped and reported by line; only a file that cannot be read as a whole is refused.
/// </summary>
internal sealed class SuppressionCsvImport(SuppressionList list, IOptions<QueryOptions> options, ILogger<SuppressionList> logger)
{
    public const int MaxReportedErrors = 1000;
    public const string ImportSource = "import";

    private const int MaxSourceLength = 200;

    public async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(string tenantId, byte[] body, CancellationToken cancellationToken)
    {
        var maxRows = options.Value.MaxImportRows;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Not UTF-8", "The CSV must be encoded as UTF-8.");
        }

        using var records = SuppressionCsv.Read(text).GetEnumerator();
        if (!records.MoveNext() || records.Current.Error is not null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "No header", $"The first line must be the header {SuppressionCsv.Header} (source and createdAt may be left out).");
        }

        var columns = records.Current.Fields.Select(f => f.Trim()).ToArray();
        var unknown = columns.Where(c => !SuppressionCsv.Columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var emailColumn = Array.FindIndex(columns, c => c.Equals("email", StringComparison.OrdinalIgnoreCase));
        var reasonColumn = Array.FindIndex(columns, c => c.Equals("reason", StringComparison.OrdinalIgnoreCase));
        var sourceColumn = Array.FindIndex(columns, c => c.Equals("source", StringComparison.OrdinalIgnoreCase));
        if (unknown.Count > 0 || emailColumn < 0 || reasonColumn < 0 || columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Length)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Bad header",
                $"The first line must be the header {SuppressionCsv.Header}: the columns email and reason are required, source and createdAt optional, " +
                $"each once; found '{TimeWindowParser.Shorten(string.Join(',', columns))}'.");
        }

        var errors = new List<ImportRowError>();
        var skipped = 0;
        var rows = new List<(string Email, SuppressionReason Reason, string Source)>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        void Skip(int line, string error)
        {
            skipped++;
            if (errors.Count < MaxReportedErrors)
            {
                errors.Add(new ImportRowError(line, error));
            }
        }

        var dataRows = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Error is not null)
            {
                Skip(record.Line, record.Error + " The rest of the file was not read.");
                break;
            }

            if (++dataRows > maxRows)
            {
                return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Too many rows", $"The CSV has more than {maxRows} rows; split it into several imports. Nothing was imported.");
            }

            if (record.Fields.Count != columns.Length)
            {
                Skip(record.Line, $"The row has {record.Fields.Count} fields; the header has {columns.Length}.");
                continue;
            }

            var email = EmailAddressRules.Normalize(SuppressionCsv.Unescape(record.Fields[emailColumn]), out var addressError);
            if (email is null)
            {
                Skip(record.Line, addressError!);
                continue;
            }

            if (!SuppressionReasons.TryParse(SuppressionCsv.Unescape(record.Fields[reasonColumn]), out var reason))
            {
                Skip(record.Line, $"'{TimeWindowParser.Shorten(record.Fields[reasonColumn])}' is not a reason; use one of {SuppressionReasons.Valid}.");
                continue;
            }

            var source = sourceColumn < 0 || string.IsNullOrWhiteSpace(record.Fields[sourceColumn]) ? ImportSource : SuppressionCsv.Unescape(record.Fields[sourceColumn].Trim());
            if (source.Length > MaxSourceLength || source.Any(char.IsControl))
            {
                Skip(record.Line, $"A source is at most {MaxSourceLength} characters without line breaks or control characters.");
                continue;
            }

            if (!firstLine.TryAdd(email, record.Line))
            {
                Skip(record.Line, $"'{email}' is already on line {firstLine[email]}.");
                continue;
            }

            rows.Add((email, reason, source));
        }

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (row, ct) => await list.AddAsync(tenantId, row.Email, row.Reason, row.Source, ct));

        QueryApiLog.Imported(logger, tenantId, rows.Count, skipped);
        return TypedResults.Ok(new ImportResponse(rows.Count, skipped, errors, skipped > errors.Count,
            "Imported entries replace any entry for the same address and are dated now; the createdAt column is not read."));
    }
}
