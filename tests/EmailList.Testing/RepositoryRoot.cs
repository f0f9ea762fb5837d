namespace EmailList.Testing;

/// <summary>The clone the tests run from: the folder above the test binaries that holds EmailList.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "EmailList.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EmailList.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
