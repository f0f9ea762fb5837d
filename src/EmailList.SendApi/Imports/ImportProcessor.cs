using System.Text.Json;
using System.Text.Json.Nodes;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using EmailList.SendApi.Contacts;
using EmailList.ServiceDefaults.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Imports;

/// <summary>
/// Works through a claimed import chunk by chunk from where its progress says, writing the progress (and extending the
/// lease) after each chunk. A chunk interrupted by a crash is done again by the next worker, and gives the same
/// counts: a row's new contact has an id derived from the import and the row's line, so finding it again counts it as
/// created, not updated, and the progress written is only ever that of whole chunks.
/// </summary>
public sealed class ImportProcessor(
    IImportStore imports,
    IListStore lists,
    IContactStore contacts,
    ContactEnrollment enrollment,
    SuppressionList suppression,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<ImportProcessor> logger)
{
    public async Task RunAsync(ImportClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var job = claim.Job;
        ImportLog.Claimed(logger, job.TenantId, job.Id, job.Attempts, job.Progress.ChunksDone, job.ChunkCount);
        if (job.Attempts > options.Value.MaxAttempts)
        {
            await EndAsync(claim, ImportStatus.Failed, job.Progress,
                $"The import stopped {job.Attempts - 1} times before it was done; the rows counted as processed are imported. Upload the remaining rows again.", cancellationToken);
            return;
        }

        var list = await lists.GetAsync(job.TenantId, job.ListId, cancellationToken);
        if (list is null)
        {
            await EndAsync(claim, ImportStatus.Failed, job.Progress, "The list was deleted during the import.", cancellationToken);
            return;
        }

        var emailColumn = job.Columns.ToList().FindIndex(c => c.Equals(ImportLimits.EmailColumn, StringComparison.OrdinalIgnoreCase));
        var progress = new ImportCounters(job.Progress, options.Value.MaxErrors);
        for (var index = job.Progress.ChunksDone; index < job.ChunkCount; index++)
        {
            var chunk = await imports.GetChunkAsync(job.TenantId, job.Id, index, cancellationToken);
            if (chunk is null)
            {
                await EndAsync(claim, ImportStatus.Failed, progress.ToProgress(index), $"The stored rows of chunk {index} are missing; upload the file again.", cancellationToken);
                return;
            }

            var chunkCounters = new ImportCounters(ImportProgress.None, options.Value.MaxErrors);
            await ProcessChunkAsync(job, list, emailColumn, chunk, chunkCounters, cancellationToken);
            progress.Add(chunkCounters);

            var now = time.GetUtcNow();
            var extended = await imports.SaveProgressAsync(claim, progress.ToProgress(index + 1), now, now + options.Value.Lease, cancellationToken);
            if (extended is null)
            {
                ImportLog.LostClaim(logger, job.TenantId, job.Id);
                return;
            }

            claim = extended;
        }

        await EndAsync(claim, ImportStatus.Completed, progress.ToProgress(job.ChunkCount), null, cancellationToken);
    }

    private async Task ProcessChunkAsync(ImportJob job, MailingList list, int emailColumn, ImportChunk chunk, ImportCounters counters, CancellationToken cancellationToken)
    {
        var rows = ReadRows(chunk.Rows, emailColumn);
        var valid = rows.Where(r => r.Email is not null).Select(r => r.Email!).Distinct(StringComparer.Ordinal).ToList();
        var suppressed = valid.Count == 0 ? new HashSet<string>() : await suppression.FindSuppressedAsync(job.TenantId, valid, cancellationToken);
        var consent = new ConsentRecord(time.GetUtcNow(), ConsentRoute.Import, job.Ip, job.UserAgent, job.ConsentStatement);
        var wanted = job.ConsentStatement is null ? SubscriptionStatus.Pending : SubscriptionStatus.Subscribed;

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = options.Value.RowConcurrency, CancellationToken = cancellationToken },
            async (row, token) =>
            {
                if (row.Email is null)
                {
                    counters.Skip(row.Line, ImportSkipReason.InvalidAddress, row.Error!);
                    return;
                }

                if (await contacts.IsErasedAsync(job.TenantId, row.Email, token))
                {
                    counters.Skip(row.Line, ImportSkipReason.Erased, "The address was erased at its owner's request; an import does not add it again.");
                    return;
                }

                var attributes = Attributes(job.Columns, row.Cells, emailColumn);
                var candidateAttributes = ContactAttributes.Merge("{}", attributes);
                if (candidateAttributes is null)
                {
                    counters.Skip(row.Line, ImportSkipReason.AttributesTooLarge, $"The row's attributes are larger than {ContactLimits.MaxAttributesBytes} bytes as JSON.");
                    return;
                }

                var now = time.GetUtcNow();
                var candidate = new Contact
                {
                    TenantId = job.TenantId,
                    // The same id however often this row is imported, so a chunk done again after a crash counts the same.
                    Id = RandomId.Derive(ListIds.Contact, job.TenantId, job.Id, row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Email = row.Email,
                    Attributes = candidateAttributes,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                var contact = await contacts.GetOrAddAsync(candidate, token);
                var created = contact.Id == candidate.Id;
                if (!created && attributes.Count > 0)
                {
                    var merged = ContactAttributes.Merge(contact.Attributes, attributes);
                    if (merged is null)
                    {
                        counters.Skip(row.Line, ImportSkipReason.AttributesTooLarge, $"With the row's attributes the contact's would be larger than {ContactLimits.MaxAttributesBytes} bytes as JSON.");
                        return;
                    }

                    if (!JsonNode.DeepEquals(JsonNode.Parse(merged), JsonNode.Parse(contact.Attributes)))
                    {
                        contact = await contacts.UpdateAttributesAsync(job.TenantId, contact.Id, merged, now, token) ?? contact;
                    }
                }

                var isSuppressed = suppressed.Contains(row.Email);
                var outcome = await enrollment.EnrollAsync(list, contact, wanted, consent, mayResubscribe: false, isSuppressed, token);
                if (outcome.KeptUnsubscribed)
                {
                    counters.Skip(row.Line, ImportSkipReason.Unsubscribed, "The contact unsubscribed from this list; an import does not subscribe them again.");
                    return;
                }

                counters.Imported(created, isSuppressed);
            });
    }

    private async Task EndAsync(ImportClaim claim, ImportStatus status, ImportProgress progress, string? reason, CancellationToken cancellationToken)
    {
        if (await imports.CompleteAsync(claim, status, progress, reason, time.GetUtcNow(), cancellationToken))
        {
            ImportLog.Ended(logger, claim.Job.TenantId, claim.Job.Id, status, progress.Created, progress.Updated, progress.Processed - progress.Created - progress.Updated);
        }
        else
        {
            ImportLog.LostClaim(logger, claim.Job.TenantId, claim.Job.Id);
        }
    }

    private static JsonObject Attributes(IReadOnlyList<string> columns, string[] cells, int emailColumn)
    {
        var attributes = new JsonObject();
        for (var i = 0; i < columns.Count && i < cells.Length; i++)
        {
            if (i != emailColumn && cells[i].Trim() is { Length: > 0 } value)
            {
                attributes[columns[i]] = value;
            }
        }

        return attributes;
    }

    private static List<ImportRow> ReadRows(string text, int emailColumn)
    {
        var rows = new List<ImportRow>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line.ToString());
            var values = document.RootElement;
            var number = values[0].GetInt32();
            var cells = new string[values.GetArrayLength() - 1];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = values[i + 1].GetString() ?? string.Empty;
            }

            var errors = new ValidationErrors();
            var email = ContactAddress.Normalize(emailColumn < cells.Length ? cells[emailColumn] : null, "email", errors);
            rows.Add(new ImportRow(number, cells, email, email is null ? string.Join(" ", errors.ToDictionary().Values.SelectMany(e => e)) : null));
        }

        return rows;
    }

    private sealed record ImportRow(int Line, string[] Cells, string? Email, string? Error);
}
