using System.Diagnostics.CodeAnalysis;

// "Imports" is a Visual Basic keyword; this namespace is not meant for VB callers.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:EmailList.SendApi.Imports",
    Justification = "The feature folder is named after the /imports endpoints.")]
