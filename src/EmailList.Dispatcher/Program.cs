using EmailList.Dispatcher;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDispatcher();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
