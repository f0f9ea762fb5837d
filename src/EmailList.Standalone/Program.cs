using EmailList.SendApi;
using EmailList.Standalone;

var builder = WebApplication.CreateBuilder(args);
builder.AddEmbeddedDefaults();
builder.AddServiceDefaults();
builder.AddSendApi();
builder.AddStandalone();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSendApi();
app.MapDevTokenEndpoints();
app.Run();
