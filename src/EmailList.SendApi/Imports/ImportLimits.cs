namespace EmailList.SendApi.Imports;

internal static class ImportLimits
{
    public const int MultipartOverheadBytes = 64 * 1024;
    public const int MaxColumns = 50;
    public const int MaxColumnNameLength = 64;

    /// <summary>One row as stored, far below a chunk's limit, so a chunk always has room for the next row.</summary>
    public const int MaxRowBytes = 32 * 1024;

    /// <summary>A chunk is closed when it passes this, so with the next row it stays under <see cref="Core.Lists.ImportChunk.MaxBytes"/>.</summary>
    public const int ChunkFlushBytes = 300 * 1024;

    public const string EmailColumn = "email";
}
