// Verifies webhook deliveries with the standardwebhooks npm package, an implementation independent of ours.
// stdin: JSON array of {secret, id, timestamp, signature, payload, ignoreTimestamp}; stdout: JSON array of {ok, error}.
// With ignoreTimestamp (tests that move a fake clock) the signature is recomputed with the package's sign() and looked
// for among the header's signatures, instead of verify() (which also refuses timestamps 5 minutes from now).
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(item => {
    try {
      const wh = new Webhook(item.secret);
      if (item.ignoreTimestamp) {
        const expected = wh.sign(item.id, new Date(Number(item.timestamp) * 1000), item.payload);
        const found = item.signature.split(" ").includes(expected);
        return { ok: found, error: found ? null : "no matching signature" };
      }
      wh.verify(item.payload, {
        "webhook-id": item.id,
        "webhook-timestamp": item.timestamp,
        "webhook-signature": item.signature,
      });
      return { ok: true, error: null };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
