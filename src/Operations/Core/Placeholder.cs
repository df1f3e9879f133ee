namespace Teraslice.Akka.Operations.Core;
