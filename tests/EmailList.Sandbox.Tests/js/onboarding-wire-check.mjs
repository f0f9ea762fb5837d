// Wire-compatibility check for what onboarding calls: the AWS SDK for JavaScript v3 (SES v2 identities and configuration sets,
// EventBridge: the platform bus's fixed policy, rules and targets) against the sandbox. Run by WireCompatibilityTests; prints one JSON document.
// Env: SANDBOX_URL, PLATFORM_ACCESS_KEY_ID, PLATFORM_SECRET_ACCESS_KEY, ROLE_ARN, EXTERNAL_ID, ACCOUNT_ID, PLATFORM_BUS_ARN.
import { env, requireSdk } from './sdk.mjs';

const [
  { STSClient, AssumeRoleCommand },
  {
    SESv2Client, ListEmailIdentitiesCommand, CreateConfigurationSetCommand, GetConfigurationSetCommand,
    CreateConfigurationSetEventDestinationCommand, GetConfigurationSetEventDestinationsCommand, SendEmailCommand,
  },
  {
    EventBridgeClient, DescribeEventBusCommand, PutRuleCommand,
    PutTargetsCommand, DescribeRuleCommand, ListTargetsByRuleCommand,
  },
] = requireSdk('@aws-sdk/client-sts', '@aws-sdk/client-sesv2', '@aws-sdk/client-eventbridge');

const endpoint = env('SANDBOX_URL');
const region = 'us-east-1';
const accountId = env('ACCOUNT_ID');
const platformBusArn = env('PLATFORM_BUS_ARN');
const platform = { accessKeyId: env('PLATFORM_ACCESS_KEY_ID'), secretAccessKey: env('PLATFORM_SECRET_ACCESS_KEY') };

const failure = async (client, command) => {
  try {
    await client.send(command);
    return null;
  } catch (error) {
    return { name: error.name, status: error.$metadata?.httpStatusCode ?? null, message: error.message };
  }
};

const assumed = await new STSClient({ endpoint, region, maxAttempts: 1, credentials: platform }).send(new AssumeRoleCommand({
  RoleArn: env('ROLE_ARN'), RoleSessionName: 'js-onboarding', ExternalId: env('EXTERNAL_ID'), DurationSeconds: 900,
}));
const credentials = {
  accessKeyId: assumed.Credentials.AccessKeyId,
  secretAccessKey: assumed.Credentials.SecretAccessKey,
  sessionToken: assumed.Credentials.SessionToken,
};
const ses = new SESv2Client({ endpoint, region, maxAttempts: 1, credentials });
const tenantEvents = new EventBridgeClient({ endpoint, region, maxAttempts: 1, credentials });
const platformEvents = new EventBridgeClient({ endpoint, region, maxAttempts: 1, credentials: platform });

const identities = await ses.send(new ListEmailIdentitiesCommand({ PageSize: 10 }));
await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'emaillist' }));
const setAgain = await failure(ses, new CreateConfigurationSetCommand({ ConfigurationSetName: 'emaillist' }));
const set = await ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'emaillist' }));
await ses.send(new CreateConfigurationSetEventDestinationCommand({
  ConfigurationSetName: 'emaillist',
  EventDestinationName: 'emaillist-eventbridge',
  EventDestination: {
    Enabled: true,
    MatchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT'],
    EventBridgeDestination: { EventBusArn: `arn:aws:events:${region}:${accountId}:event-bus/default` },
  },
}));
const destinations = await ses.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'emaillist' }));
const missingSet = await failure(ses, new GetConfigurationSetCommand({ ConfigurationSetName: 'missing' }));
const probe = await failure(ses, new SendEmailCommand({
  FromEmailAddress: 'permission-check@emaillist.invalid',
  Destination: { ToAddresses: ['success@simulator.amazonses.com'] },
  Content: { Simple: { Subject: { Data: 'probe' }, Body: { Text: { Data: 'probe' } } } },
}));

const bus = await platformEvents.send(new DescribeEventBusCommand({ Name: 'emaillist' }));
const rule = await tenantEvents.send(new PutRuleCommand({ Name: 'emaillist-ses', EventPattern: JSON.stringify({ source: ['aws.ses'] }), State: 'ENABLED' }));
const forwarderRoleArn = `arn:aws:iam::${accountId}:role/emaillist/emaillist-forwarder-${region}`;
const targets = await tenantEvents.send(new PutTargetsCommand({ Rule: 'emaillist-ses', Targets: [{ Id: 'emaillist', Arn: platformBusArn, RoleArn: forwarderRoleArn }] }));
const described = await tenantEvents.send(new DescribeRuleCommand({ Name: 'emaillist-ses' }));
const listed = await tenantEvents.send(new ListTargetsByRuleCommand({ Rule: 'emaillist-ses' }));
const missingRule = await failure(tenantEvents, new DescribeRuleCommand({ Name: 'missing' }));
const denied = await failure(tenantEvents, new PutRuleCommand({ Name: 'mine', EventBusName: platformBusArn, EventPattern: JSON.stringify({ source: ['aws.ses'] }) }));

console.log(JSON.stringify({
  identities: identities.EmailIdentities.map((i) => ({ name: i.IdentityName, type: i.IdentityType, status: i.VerificationStatus, sending: i.SendingEnabled })),
  setAgain,
  setName: set.ConfigurationSetName,
  destinations: destinations.EventDestinations.map((d) => ({ name: d.Name, enabled: d.Enabled, types: d.MatchingEventTypes, bus: d.EventBridgeDestination?.EventBusArn })),
  missingSet,
  probe,
  busArn: bus.Arn,
  busPolicy: JSON.parse(bus.Policy),
  ruleArn: rule.RuleArn,
  failedEntryCount: targets.FailedEntryCount,
  rule: { name: described.Name, state: described.State, pattern: described.EventPattern, bus: described.EventBusName },
  targets: listed.Targets.map((t) => ({ id: t.Id, arn: t.Arn, roleArn: t.RoleArn })),
  missingRule,
  denied,
}));
