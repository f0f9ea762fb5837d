// Wire-compatibility check: the official AWS SDK for JavaScript v3 against the sandbox.
// Run by WireCompatibilityTests; writes nothing, prints one JSON document on stdout.
// Env: SANDBOX_URL, PLATFORM_ACCESS_KEY_ID, PLATFORM_SECRET_ACCESS_KEY, ROLE_ARN, EXTERNAL_ID.
import { env, requireSdk } from './sdk.mjs';

const [
  { STSClient, AssumeRoleCommand },
  {
    SESv2Client, SendEmailCommand, GetAccountCommand, PutSuppressedDestinationCommand,
    ListSuppressedDestinationsCommand, DeleteSuppressedDestinationCommand, GetSuppressedDestinationCommand,
    CreateConfigurationSetCommand,
  },
] = requireSdk('@aws-sdk/client-sts', '@aws-sdk/client-sesv2');

const endpoint = env('SANDBOX_URL');
const region = 'us-east-1';
const suppressed = 'wire+check@example.org';

const sts = new STSClient({
  endpoint,
  region,
  maxAttempts: 1,
  credentials: { accessKeyId: env('PLATFORM_ACCESS_KEY_ID'), secretAccessKey: env('PLATFORM_SECRET_ACCESS_KEY') },
});
const assumed = await sts.send(new AssumeRoleCommand({
  RoleArn: env('ROLE_ARN'),
  RoleSessionName: 'js-wire-check',
  ExternalId: env('EXTERNAL_ID'),
  DurationSeconds: 900,
}));

const ses = new SESv2Client({
  endpoint,
  region,
  maxAttempts: 1,
  credentials: {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
    expiration: assumed.Credentials.Expiration,
  },
});

await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'wire-check' }));

const simple = await ses.send(new SendEmailCommand({
  FromEmailAddress: 'news@example.com',
  Destination: { ToAddresses: ['success@simulator.amazonses.com'], CcAddresses: ['bounce@simulator.amazonses.com'] },
  ReplyToAddresses: ['help@example.com'],
  Content: {
    Simple: {
      Subject: { Data: 'Simple from the JS SDK', Charset: 'UTF-8' },
      Body: { Text: { Data: 'text from js' }, Html: { Data: '<p>html from js</p>' } },
    },
  },
  EmailTags: [{ Name: 'origin', Value: 'js-sdk' }],
  ConfigurationSetName: 'wire-check',
}));

const mime = [
  'From: News <news@example.com>',
  'To: complaint@simulator.amazonses.com',
  'Subject: Raw from the JS SDK',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'raw body from js',
  '',
].join('\r\n');
const raw = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }));

const account = await ses.send(new GetAccountCommand({}));

await ses.send(new PutSuppressedDestinationCommand({ EmailAddress: suppressed, Reason: 'BOUNCE' }));
const fetched = await ses.send(new GetSuppressedDestinationCommand({ EmailAddress: suppressed }));
const listedAfterPut = await ses.send(new ListSuppressedDestinationsCommand({ Reasons: ['BOUNCE'], PageSize: 10 }));
await ses.send(new DeleteSuppressedDestinationCommand({ EmailAddress: suppressed }));
const listedAfterDelete = await ses.send(new ListSuppressedDestinationsCommand({}));

const failure = async (command) => {
  try {
    await ses.send(command);
    return null;
  } catch (error) {
    return { name: error.name, status: error.$metadata?.httpStatusCode ?? null, message: error.message };
  }
};
const unverified = await failure(new SendEmailCommand({
  FromEmailAddress: 'someone@unverified.test',
  Destination: { ToAddresses: ['success@simulator.amazonses.com'] },
  Content: { Simple: { Subject: { Data: 'no' }, Body: { Text: { Data: 'no' } } } },
}));
const deleteMissing = await failure(new DeleteSuppressedDestinationCommand({ EmailAddress: suppressed }));

console.log(JSON.stringify({
  assumeRole: {
    accessKeyId: assumed.Credentials.AccessKeyId,
    arn: assumed.AssumedRoleUser.Arn,
    expiration: assumed.Credentials.Expiration.toISOString(),
  },
  simpleMessageId: simple.MessageId,
  rawMessageId: raw.MessageId,
  account: {
    sendingEnabled: account.SendingEnabled,
    productionAccessEnabled: account.ProductionAccessEnabled,
    enforcementStatus: account.EnforcementStatus,
    max24HourSend: account.SendQuota.Max24HourSend,
    maxSendRate: account.SendQuota.MaxSendRate,
    sentLast24Hours: account.SendQuota.SentLast24Hours,
  },
  fetched: {
    emailAddress: fetched.SuppressedDestination.EmailAddress,
    reason: fetched.SuppressedDestination.Reason,
    lastUpdateTime: fetched.SuppressedDestination.LastUpdateTime.toISOString(),
  },
  listedAfterPut: listedAfterPut.SuppressedDestinationSummaries.map((s) => ({
    emailAddress: s.EmailAddress,
    reason: s.Reason,
    lastUpdateTime: s.LastUpdateTime.toISOString(),
  })),
  listedAfterDelete: listedAfterDelete.SuppressedDestinationSummaries.map((s) => s.EmailAddress),
  unverified,
  deleteMissing,
}));
