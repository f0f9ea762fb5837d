using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;

namespace EmailList.Deploy;

/// <summary>
/// DynamoDB grants narrowed to the calls the stores in EmailList.Aws/Dynamo make on each table, split into reads and
/// writes: a service that only reads a table gets its reads, nothing else. CDK's GrantReadData/GrantReadWriteData
/// would add Scan, ConditionCheckItem, DescribeTable and the stream actions, which no store calls.
/// </summary>
public sealed record TableAccess(Table Table, IReadOnlyList<string> Reads, IReadOnlyList<string> Writes, bool HasIndexes)
{
    /// <summary>Every DynamoDB call any store makes, without the <c>dynamodb:</c> prefix (a test checks no grant goes beyond it).</summary>
    public static readonly IReadOnlyList<string> StoreActions =
    [
        "GetItem", "Query", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
    ];

    /// <summary>Grants the table's read calls (and its indexes').</summary>
    public void GrantRead(IGrantable grantee) => Grant(grantee, Reads, "Read");

    /// <summary>Grants the table's read and write calls.</summary>
    public void GrantReadWrite(IGrantable grantee)
    {
        GrantRead(grantee);
        Grant(grantee, Writes, "Write");
    }

    private void Grant(IGrantable grantee, IReadOnlyList<string> actions, string kind)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        // Writes address the table; reads (Query) may address its indexes too.
        string[] resources = kind == "Read" && HasIndexes ? [Table.TableArn, Table.TableArn + "/index/*"] : [Table.TableArn];
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [.. actions.Select(a => "dynamodb:" + a)],
            Resources = resources,
        }));
    }
}
