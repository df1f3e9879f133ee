namespace Teraslice.Akka.Operations;

/// <summary>Readers come first in a job (slicer + fetcher); processors follow.</summary>
public enum OperationKind
{
    Reader,
    Processor,
    Api,
}

/// <summary>
/// Describes one operation found by its <c>_op</c> name: its kind, its config type and how to
/// create its parts. Derive from <see cref="ReaderDefinition{TConfig,TSlicer,TFetcher}"/> or
/// <see cref="ProcessorDefinition{TConfig,TProcessor}"/>; any public non-abstract subclass with a
/// parameterless constructor in a scanned assembly is registered.
/// </summary>
public abstract class OperationDefinition
{
    /// <summary>The <c>_op</c> name.</summary>
    public abstract string Name { get; }

    public abstract OperationKind Kind { get; }

    /// <summary>The typed config record (derives from <see cref="OpConfig"/>).</summary>
    public abstract Type ConfigType { get; }

    /// <summary>One line for docs and listings.</summary>
    public virtual string Description => "";

    /// <summary>
    /// Checks that need the whole job (Teraslice's <c>validateJob</c>): return problems as
    /// "field: problem" texts; none means valid.
    /// </summary>
    public virtual IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index) => [];

    /// <summary>
    /// Deprecation warnings for a config as submitted: by default one per key present in
    /// <paramref name="raw"/> whose property carries <see cref="DeprecatedAttribute"/>.
    /// </summary>
    public virtual IEnumerable<(string Field, string Description)> Deprecations(System.Text.Json.Nodes.JsonObject raw) =>
        ConfigBinder.FieldProperties(ConfigType)
            .Select(p => (Property: p, Attribute: (DeprecatedAttribute?)Attribute.GetCustomAttribute(p, typeof(DeprecatedAttribute))))
            .Where(p => p.Attribute is not null && raw.ContainsKey(ConfigBinder.JsonName(p.Property)))
            .Select(p => (ConfigBinder.JsonName(p.Property), p.Attribute!.Description));
}

/// <summary>A config field that still works but will go: using it adds a warning to the submit reply.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeprecatedAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

/// <summary>A reader: the first operation of a job, with its slicer and fetcher.</summary>
public interface IReaderDefinition
{
    ISlicer CreateSlicer(OpConfig config, SlicerContext context);

    IFetcher CreateFetcher(OpConfig config, WorkerContext context);
}

/// <summary>A processor: any operation after the reader.</summary>
public interface IProcessorDefinition
{
    IProcessor CreateProcessor(OpConfig config, WorkerContext context);
}

/// <inheritdoc cref="IReaderDefinition"/>
public abstract class ReaderDefinition<TConfig, TSlicer, TFetcher> : OperationDefinition, IReaderDefinition
    where TConfig : OpConfig
    where TSlicer : Slicer<TConfig>, new()
    where TFetcher : Fetcher<TConfig>, new()
{
    public sealed override OperationKind Kind => OperationKind.Reader;
    public sealed override Type ConfigType => typeof(TConfig);

    public virtual ISlicer CreateSlicer(OpConfig config, SlicerContext context) =>
        new TSlicer { Config = (TConfig)config, Context = context };

    public virtual IFetcher CreateFetcher(OpConfig config, WorkerContext context) =>
        new TFetcher { Config = (TConfig)config, Context = context };
}

/// <inheritdoc cref="IProcessorDefinition"/>
public abstract class ProcessorDefinition<TConfig, TProcessor> : OperationDefinition, IProcessorDefinition
    where TConfig : OpConfig
    where TProcessor : Operation<TConfig, WorkerContext>, IProcessor, new()
{
    public sealed override OperationKind Kind => OperationKind.Processor;
    public sealed override Type ConfigType => typeof(TConfig);

    public virtual IProcessor CreateProcessor(OpConfig config, WorkerContext context) =>
        new TProcessor { Config = (TConfig)config, Context = context };
}

/// <summary>An operation API definition: creates the instance named in a job's <c>apis</c>.</summary>
public interface IApiDefinition
{
    IOperationApi CreateApi(object config, WorkerContext context);
}

/// <inheritdoc cref="IApiDefinition"/>
public abstract class ApiDefinition<TConfig, TApi> : OperationDefinition, IApiDefinition
    where TConfig : ApiConfig
    where TApi : OperationApi<TConfig>, new()
{
    public sealed override OperationKind Kind => OperationKind.Api;
    public sealed override Type ConfigType => typeof(TConfig);

    public virtual IOperationApi CreateApi(object config, WorkerContext context) =>
        new TApi { Config = (TConfig)config, Context = context };
}
