// Wire-compatibility check for the platform's event path: the AWS SDK for JavaScript v3 (SQS over AWS JSON 1.0: queue URL and
// attributes, send, long-poll receive, visibility, batch delete, redrive to the dead-letter queue; EventBridge StartReplay and
// DescribeReplay) against the sandbox. Run by WireCompatibilityTests; prints one JSON document.
// Env: SANDBOX_URL, PLATFORM_ACCESS_KEY_ID, PLATFORM_SECRET_ACCESS_KEY, PLATFORM_BUS_ARN, ARCHIVE_ARN.
import { env, requireSdk } from './sdk.mjs';

const [
  {
    SQSClient, GetQueueUrlCommand, GetQueueAttributesCommand, SendMessageCommand, ReceiveMessageCommand, DeleteMessageBatchCommand,
    ChangeMessageVisibilityBatchCommand,
  },
  { EventBridgeClient, StartReplayCommand, DescribeReplayCommand },
] = requireSdk('@aws-sdk/client-sqs', '@aws-sdk/client-eventbridge');

const endpoint = env('SANDBOX_URL');
const region = 'us-east-1';
const credentials = { accessKeyId: env('PLATFORM_ACCESS_KEY_ID'), secretAccessKey: env('PLATFORM_SECRET_ACCESS_KEY') };
const sqs = new SQSClient({ endpoint, region, maxAttempts: 1, credentials });
const events = new EventBridgeClient({ endpoint, region, maxAttempts: 1, credentials });

const failure = async (client, command) => {
  try {
    await client.send(command);
    return null;
  } catch (error) {
    return { name: error.name, status: error.$metadata?.httpStatusCode ?? null, message: error.message };
  }
};

const receive = (QueueUrl, options = {}) => sqs.send(new ReceiveMessageCommand({
  QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'], ...options,
}));

const deleteAll = async (QueueUrl, messages) => (await sqs.send(new DeleteMessageBatchCommand({
  QueueUrl, Entries: messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
}))).Successful.length;

const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'emaillist-ses-events' }));
const { QueueUrl: deadLetterUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'emaillist-ses-events-dlq' }));
const missingQueue = await failure(sqs, new GetQueueUrlCommand({ QueueName: 'no-such-queue' }));
const { Attributes: attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));

// The SES events the sandbox put on the platform bus before this script ran (the SDK checks every MD5OfBody).
const original = (await receive(queueUrl, { WaitTimeSeconds: 2 })).Messages ?? [];
const originalDeleted = await deleteAll(queueUrl, original);

// A long poll wakes when a message arrives.
const waitStarted = Date.now();
const pending = receive(queueUrl, { WaitTimeSeconds: 10, MaxNumberOfMessages: 1 });
await new Promise((resolve) => setTimeout(resolve, 500));
const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"hello":"sqs"}' }));
const woken = await pending;
const longPollMs = Date.now() - waitStarted;

// Visibility: handed back at once, the message is received again with a higher receive count.
await sqs.send(new ChangeMessageVisibilityBatchCommand({
  QueueUrl: queueUrl, Entries: [{ Id: 'back', ReceiptHandle: woken.Messages[0].ReceiptHandle, VisibilityTimeout: 0 }],
}));
const again = (await receive(queueUrl)).Messages ?? [];
await deleteAll(queueUrl, again);

// Redrive: received maxReceiveCount (2) times without a delete, the next receive finds it in the dead-letter queue.
await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not an event' }));
const poisonCounts = [];
for (let i = 0; i < 3; i++) {
  const got = (await receive(queueUrl, { VisibilityTimeout: 0 })).Messages ?? [];
  poisonCounts.push(got.map((m) => Number(m.Attributes.ApproximateReceiveCount)));
}
const deadLetters = (await receive(deadLetterUrl)).Messages ?? [];
await deleteAll(deadLetterUrl, deadLetters);

// Replay of the archive: the same events again, with replay-name.
const now = new Date();
const started = await events.send(new StartReplayCommand({
  ReplayName: 'js-replay', EventSourceArn: env('ARCHIVE_ARN'), EventStartTime: new Date(now.getTime() - 3600_000), EventEndTime: now,
  Destination: { Arn: env('PLATFORM_BUS_ARN') },
}));
const describedReplay = await events.send(new DescribeReplayCommand({ ReplayName: 'js-replay' }));
const replayed = (await receive(queueUrl, { WaitTimeSeconds: 2 })).Messages ?? [];
await deleteAll(queueUrl, replayed);
const replayAgain = await failure(events, new StartReplayCommand({
  ReplayName: 'js-replay', EventSourceArn: env('ARCHIVE_ARN'), EventStartTime: new Date(now.getTime() - 3600_000), EventEndTime: now,
  Destination: { Arn: env('PLATFORM_BUS_ARN') },
}));
const depth = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes;

const ids = (messages) => messages.map((m) => JSON.parse(m.Body).id).sort();
console.log(JSON.stringify({
  queueUrl,
  missingQueue,
  attributes,
  original: original.map((m) => ({ detailType: JSON.parse(m.Body)['detail-type'], receiveCount: m.Attributes.ApproximateReceiveCount })),
  originalDeleted,
  sentId: sent.MessageId,
  woken: woken.Messages.map((m) => ({ id: m.MessageId, body: m.Body })),
  longPollMs,
  againReceiveCount: again.map((m) => m.Attributes.ApproximateReceiveCount),
  poisonCounts,
  deadLetters: deadLetters.map((m) => m.Body),
  replay: { state: started.State, arn: started.ReplayArn, described: describedReplay.State },
  replayedNames: replayed.map((m) => JSON.parse(m.Body)['replay-name']),
  sameIds: JSON.stringify(ids(replayed)) === JSON.stringify(ids(original)),
  replayAgain,
  depthAfter: depth.ApproximateNumberOfMessages,
}));
