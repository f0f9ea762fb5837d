namespace EmailList.Standalone;

public sealed record DevToken(string AccessToken, int ExpiresIn);
