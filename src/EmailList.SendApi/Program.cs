using EmailList.SendApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSendApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSendApi();
app.Run();

