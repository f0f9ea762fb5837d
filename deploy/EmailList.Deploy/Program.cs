using EmailList.Deploy;

JsiiNode.SilenceVersionWarnings();

if (args is ["--customer-template", var path])
{
    File.WriteAllText(path, CustomerTemplate.Render());
    Console.WriteLine($"Wrote {path}");
    return 0;
}

PlatformApp.Create().Synth();
return 0;
