return await Teraslice.Akka.Node.NodeProgram.RunAsync(args);
