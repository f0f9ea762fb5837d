using EmailList.QueryApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddQueryApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapQueryApi();
app.Run();
