namespace EmailList.Deploy;

/// <summary>The node process the CDK's jsii runtime starts.</summary>
public static class JsiiNode
{
    /// <summary>
    /// jsii 1.91 prints a banner on stderr for node releases it was not tested with or considers end-of-life; node 20
    /// (on every machine here) synthesizes correctly. Call before the first CDK type is used.
    /// </summary>
    public static void SilenceVersionWarnings()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");

        // jsii silences its end-of-life banner only for this exact acknowledgement text.
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", EndOfLifeAcknowledgement);
    }

    private const string EndOfLifeAcknowledgement =
        "Node14 is now end of life (EOL) as of April 30, 2023. Support of EOL runtimes are only guaranteed for 30 days after EOL. "
        + "By silencing this warning you acknowledge that you are using an EOL version of Node and will upgrade to a supported version as soon as possible.";
}
