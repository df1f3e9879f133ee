using EmbeddedWorker;
using Teraslice.Akka;

// A worker service with a Teraslice.Akka node inside: the node's settings come from the
// "Teraslice" section (appsettings.json, environment, --Teraslice:workers=4 on the command line),
// the shout operation is registered in code, and DemoJob submits a job under a fixed id, so a
// restart of the service does not run it again.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddTeraslice(builder.Configuration.GetSection("Teraslice"), options => options.AddOperation<Shout>());
builder.Services.AddHostedService<DemoJob>();
await builder.Build().RunAsync();
