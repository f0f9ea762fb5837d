using EmailList.EventIngester;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventIngester();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapEventIngester();
app.Run();
