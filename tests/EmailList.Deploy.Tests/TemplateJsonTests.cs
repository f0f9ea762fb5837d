using System.Text.Json.Nodes;

namespace EmailList.Deploy.Tests;

public sealed class TemplateJsonTests
{
    [Theory]
    [InlineData("\"arn:aws:s3:::bucket/*\"", "arn:aws:s3:::bucket/*")]
    [InlineData("""{"Ref":"AWS::Partition"}""", "${AWS::Partition}")]
    [InlineData("""{"Fn::GetAtt":["Table1","Arn"]}""", "${Table1.Arn}")]
    [InlineData("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::*:role/emaillist/*"]]}""", "arn:${AWS::Partition}:iam::*:role/emaillist/*")]
    [InlineData("""{"Fn::Join":["",[{"Fn::GetAtt":["Table1","Arn"]},"/index/*"]]}""", "${Table1.Arn}/index/*")]
    [InlineData("""{"Fn::Sub":"arn:${AWS::Partition}:events:*:${AWS::AccountId}:rule/emaillist-*"}""", "arn:${AWS::Partition}:events:*:${AWS::AccountId}:rule/emaillist-*")]
    [InlineData("""{"Fn::Sub":["arn:${AWS::Partition}:ses:*:${AWS::AccountId}:configuration-set/${Name}",{"Name":{"Ref":"ConfigurationSetName"}}]}""",
        "arn:${AWS::Partition}:ses:*:${AWS::AccountId}:configuration-set/${ConfigurationSetName}")]
    public void Intrinsic_functions_resolve_to_text_with_placeholders(string json, string expected) =>
        Assert.Equal(expected, TemplateJson.Resolve(JsonNode.Parse(json)));

    [Fact]
    public void A_function_it_cannot_read_is_an_error_not_a_silent_pass() =>
        Assert.Throws<InvalidOperationException>(() => TemplateJson.Resolve(JsonNode.Parse("""{"Fn::ImportValue":"x"}""")));
}
