namespace EmailList.Dashboard.Auth;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);
