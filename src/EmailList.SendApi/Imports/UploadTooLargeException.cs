namespace EmailList.SendApi.Imports;

/// <summary>The uploaded file passed <see cref="ImportOptions.MaxBytes"/> while it was read.</summary>
public sealed class UploadTooLargeException : Exception
{
    public UploadTooLargeException()
    {
    }

    public UploadTooLargeException(string message) : base(message)
    {
    }

    public UploadTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
