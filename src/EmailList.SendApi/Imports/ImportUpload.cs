using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.SendApi.Contacts;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmailList.SendApi.Imports;

/// <summary>
/// Receives an uploaded CSV (a text/csv body, or the file of a multipart/form-data body) as it streams in: checks the
/// header, bounds size and rows, and stores the rows in chunks, then the import, Queued, for a worker. The request is
/// held only as long as the upload takes.
/// </summary>
public sealed class ImportUpload(IImportStore store, ImportSignal signal, IOptions<ImportOptions> options, TimeProvider time, ILogger<ImportUpload> logger)
{
    // The separator is detected (',', ';', tab or '|': spreadsheets in some locales write ';'); a broken quote is refused, not guessed at.
    private static readonly CsvReaderOptions Reader = new()
    {
        HasHeader = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        TrackLineNumbers = true,
        MaxRecordSize = ImportLimits.MaxRowBytes,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    // Stored, never shown in a page: non-ASCII stays as it is, so a chunk holds as many rows as the file did.
    private static readonly JsonWriterOptions RowWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<(ImportJob? Job, ProblemHttpResult? Problem)> ReceiveAsync(
        HttpContext http, MailingList list, string? consent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(list);
        var limits = options.Value;
        var request = http.Request;
        if (request.ContentLength > limits.MaxBytes + ImportLimits.MultipartOverheadBytes)
        {
            return (null, TooLarge(limits));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBytes + ImportLimits.MultipartOverheadBytes;
        }

        var (file, problem) = await OpenFileAsync(request, cancellationToken);
        if (file is null)
        {
            return (null, problem);
        }

        var id = RandomId.New(ListIds.Import);
        try
        {
            var (job, refused) = await StoreChunksAsync(file, list, id, consent, http, cancellationToken);
            if (job is null)
            {
                await DeleteQuietlyAsync(list.TenantId, id);
                return (null, refused);
            }

            await store.AddAsync(job, cancellationToken);
            ImportLog.Queued(logger, job.TenantId, job.Id, job.TotalRows, job.ChunkCount);
            signal.Notify();
            return (job, null);
        }
        catch (UploadTooLargeException)
        {
            await DeleteQuietlyAsync(list.TenantId, id);
            return (null, TooLarge(limits));
        }
        catch (Exception)
        {
            await DeleteQuietlyAsync(list.TenantId, id);
            throw;
        }
    }

    /// <summary>The CSV file's bytes: the body itself, or the first file part of a multipart body.</summary>
    private async Task<(Stream? File, ProblemHttpResult? Problem)> OpenFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return (null, UnsupportedMediaType());
        }

        if (mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase))
        {
            return (new BoundedReadStream(request.Body, maxBytes), null);
        }

        if (!mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedMediaType());
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "No multipart boundary", "A multipart/form-data body needs its boundary in Content-Type."));
        }

        var reader = new MultipartReader(boundary, new BoundedReadStream(request.Body, maxBytes + ImportLimits.MultipartOverheadBytes));
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    return (new BoundedReadStream(section.Body, maxBytes), null);
                }
            }
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", $"The multipart body could not be read: {e.Message}"));
        }

        return (null, Problems.Create(StatusCodes.Status400BadRequest, "No file",
            "The multipart body has no file part; send the CSV as a file field (curl -F file=@contacts.csv), or as the body with Content-Type: text/csv."));
    }

    private async Task<(ImportJob? Job, ProblemHttpResult? Problem)> StoreChunksAsync(
        Stream file, MailingList list, string id, string? consent, HttpContext http, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        await using var csv = CsvReader.Create(file, Reader, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            if (csv.Headers.Count == 0)
            {
                return (null, Invalid("The file is empty: the first line is a header naming the columns, one of them 'email', e.g. \"email,first_name\"."));
            }

            var (columns, headerProblem) = CheckHeader(csv.Headers);
            if (columns is null)
            {
                return (null, headerProblem);
            }

            var chunk = new ArrayBufferWriter<byte>(ImportLimits.ChunkFlushBytes + ImportLimits.MaxRowBytes);
            var rowsInChunk = 0;
            var chunks = 0;
            var total = 0;
            var record = new string[columns.Count];
            while (await csv.ReadAsync(cancellationToken))
            {
                if (++total > limits.MaxRows)
                {
                    return (null, TooLarge(limits));
                }

                for (var i = 0; i < record.Length; i++)
                {
                    record[i] = i < csv.FieldCount ? csv.GetString(i) ?? string.Empty : string.Empty;
                }

                WriteRow(chunk, (int)csv.LineNumber, record);
                if (++rowsInChunk >= limits.ChunkRows || chunk.WrittenCount >= ImportLimits.ChunkFlushBytes)
                {
                    await store.AddChunkAsync(list.TenantId, id, new ImportChunk(chunks++, Encoding.UTF8.GetString(chunk.WrittenSpan)), cancellationToken);
                    chunk.ResetWrittenCount();
                    rowsInChunk = 0;
                }
            }

            if (total == 0)
            {
                return (null, Invalid("The file has a header but no rows of contacts."));
            }

            if (rowsInChunk > 0)
            {
                await store.AddChunkAsync(list.TenantId, id, new ImportChunk(chunks++, Encoding.UTF8.GetString(chunk.WrittenSpan)), cancellationToken);
            }

            var now = time.GetUtcNow();
            return (new ImportJob
            {
                TenantId = list.TenantId,
                Id = id,
                ListId = list.Id,
                ConsentStatement = consent,
                Ip = ConsentSource.Ip(http),
                UserAgent = ConsentSource.UserAgent(http),
                Columns = columns,
                TotalRows = total,
                ChunkCount = chunks,
                CreatedAt = now,
                UpdatedAt = now,
            }, null);
        }
        catch (CsvFormatException e)
        {
            var where = e.LineNumber > 0 ? $"Line {e.LineNumber}: " : "";
            return (null, Invalid($"{where}the CSV is malformed (a quote opened and not closed, a quote inside an unquoted cell, or a row longer than {ImportLimits.MaxRowBytes} bytes). " +
                "Cells with separators, quotes or line breaks are quoted, with quotes doubled."));
        }
    }

    private static (List<string>? Columns, ProblemHttpResult? Problem) CheckHeader(IEnumerable<string> header)
    {
        var columns = header.Select(h => h.Trim()).ToList();
        if (columns.Count > ImportLimits.MaxColumns)
        {
            return (null, Invalid($"The header names {columns.Count} columns; at most {ImportLimits.MaxColumns} (email and attributes)."));
        }

        if (columns.Count(c => c.Equals(ImportLimits.EmailColumn, StringComparison.OrdinalIgnoreCase)) != 1)
        {
            return (null, Invalid("The first line is a header with exactly one 'email' column, e.g. \"email,first_name,last_name\"; the other columns become attributes."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            if (column.Length is 0 or > ImportLimits.MaxColumnNameLength)
            {
                return (null, Invalid($"Every column of the header needs a name of 1-{ImportLimits.MaxColumnNameLength} characters; it becomes the attribute's name."));
            }

            if (!seen.Add(column))
            {
                return (null, Invalid($"The header names the column '{column}' twice."));
            }

            if (!column.Equals(ImportLimits.EmailColumn, StringComparison.OrdinalIgnoreCase) && ContactLimits.ReservedAttributes.Contains(column))
            {
                return (null, Invalid($"'{column}' cannot be a column: {string.Join(", ", ContactLimits.ReservedAttributes)} are set by EmailList in every mail."));
            }
        }

        return (columns, null);
    }

    /// <summary>One row as a JSON array on its own line: its line in the file, then its cells (missing ones empty, extra ones dropped).</summary>
    private static void WriteRow(IBufferWriter<byte> chunk, int line, string[] record)
    {
        using (var writer = new Utf8JsonWriter(chunk, RowWriter))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(line);
            foreach (var cell in record)
            {
                writer.WriteStringValue(cell);
            }

            writer.WriteEndArray();
        }

        chunk.Write("\n"u8);
    }

    private async Task DeleteQuietlyAsync(string tenantId, string id)
    {
        try
        {
            await store.DeleteAsync(tenantId, id, CancellationToken.None);
        }
        catch (Exception e)
        {
            ImportLog.CleanupFailed(logger, tenantId, id, e);
        }
    }

    private static ProblemHttpResult Invalid(string detail) => Problems.Create(StatusCodes.Status400BadRequest, "The CSV file is not valid", detail);

    private static ProblemHttpResult TooLarge(ImportOptions limits) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Import too large",
        $"An import is at most {limits.MaxBytes / (1024 * 1024)} MB and {limits.MaxRows:N0} rows; split the file and upload the parts one after another.");

    private static ProblemHttpResult UnsupportedMediaType() => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
        "Send the CSV as the body with 'Content-Type: text/csv', or as a file in a multipart/form-data body (curl -F file=@contacts.csv).");

}
