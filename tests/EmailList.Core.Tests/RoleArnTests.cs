using EmailList.Core.Tenants;

namespace EmailList.Core.Tests;

public sealed class RoleArnTests
{
    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/EmailListSender", "123456789012", "/", "EmailListSender")]
    [InlineData("arn:aws:iam::123456789012:role/service/mail/Sender+1", "123456789012", "/service/mail/", "Sender+1")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/R", "123456789012", "/", "R")]
    public void Valid_role_arns_are_parsed(string value, string account, string path, string name)
    {
        Assert.True(RoleArn.TryParse(value, out var arn));
        Assert.Equal(account, arn.AccountId);
        Assert.Equal(path, arn.Path);
        Assert.Equal(name, arn.Name);
        Assert.Equal(value, arn.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:iam::12345678901:role/Short")]
    [InlineData("arn:aws:iam::123456789012:user/NotARole")]
    [InlineData("arn:aws:iam::123456789012:role/")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/s")]
    [InlineData("arn:aws:iam::123456789012:role/Bad Name")]
    [InlineData("arn:aws:iam::123456789012:role/x\nInjected")]
    public void Anything_else_is_refused(string value) => Assert.False(RoleArn.TryParse(value, out _));
}
