using JitTokens.Core.Audit;
using JitTokens.Core.Catalog;
using JitTokens.Core.Escalations;
using JitTokens.Core.Keys;
using JitTokens.Core.Options;
using JitTokens.Core.Outbox;
using JitTokens.Core.Policy;
using JitTokens.Core.Revocations;
using JitTokens.Core.Sessions;
using JitTokens.Core.Storage;
using JitTokens.Core.Telemetry;
using JitTokens.Core.Tokens;
using JitTokens.Server.Audit;
using JitTokens.Server.Chat;
using JitTokens.Server.Endpoints;
using JitTokens.Server.Escalations;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;
using JitTokens.Server.Limits;
using JitTokens.Server.Revocations;
using JitTokens.Server.Sessions;
using JitTokens.Server.Telemetry;
using JitTokens.Storage.Redis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Hosting;

/// <summary>Registers and maps the issuer. The composition root: everything the server is made of is named here.</summary>
internal static class JitTokensServerExtensions
{
    public static WebApplicationBuilder AddJitTokensServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var mode = ServerMode.From(configuration);

        // Defaults below every other source, so they hold wherever the server is started from
        // (appsettings.json is found relative to the working directory) and any source can override them.
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // With this category on at any level, ASP.NET Core starts an Activity and a log scope for every request
                // for the ids of log lines: 3-13 % of issuance throughput (ops/bench/issue pairs). Its lines are the
                // per-request ones and a few start-up warnings (README). Spans are still made whenever a tracer listens
                // (OTEL_*), and the issuance log takes a caller's traceparent without one (Callers).
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
        var services = builder.Services;
        services.AddSingleton(mode);
        services.TryAddSingleton(TimeProvider.System);

        if (string.IsNullOrEmpty(configuration["urls"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DevDefaults.Url);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
        });

        AddTelemetry(services);
        AddOptions(services, configuration, mode);
        AddStore(services, configuration, mode);
        AddCore(services, configuration, mode);
        AddHumans(services);
        AddChat(services, configuration);
        services.AddJitTokensRateLimits(configuration);
        return builder;
    }

    public static WebApplication MapJitTokens(this WebApplication app)
    {
        app.UseMiddleware<RequestSpanEnricher>();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        app.MapHealthEndpoints();
        app.MapDiscoveryEndpoints();
        app.MapSessionEndpoints();
        app.MapTokenEndpoints();
        app.MapEscalationEndpoints();
        app.MapChatEndpoints();
        app.MapAuditEndpoints();
        app.MapRevocationEndpoints();
        app.MapOAuthTokenEndpoints();
        if (app.Services.GetRequiredService<ServerMode>().IsDev)
        {
            app.MapDevEndpoints();
        }

        return app;
    }

    /// <summary>Loads what a bad configuration would break (catalog, keys, store, log) before the server listens, so it fails at once with the reason.</summary>
    public static void LoadEagerly(this WebApplication app)
    {
        StartupChecks.EnsureConfigured(app.Configuration, app.Services.GetRequiredService<ServerMode>());
        // First, so it is disposed last (the container disposes in reverse order): the audit log's final
        // writes and checkpoint at shutdown are still traced and measured, then both signals are flushed.
        _ = app.Services.GetRequiredService<OpenTelemetryExport>();
        _ = app.Services.GetRequiredService<ScopeCatalog>();
        _ = app.Services.GetRequiredService<SigningKeyRing>();
        _ = app.Services.GetRequiredService<AccessTokenMinter>();
        _ = app.Services.GetRequiredService<IJitStore>();
        _ = app.Services.GetRequiredService<IAuditSink>();
        var chat = app.Services.GetRequiredService<IOptions<ChatOptions>>().Value;
        if (chat.Enabled && !app.Services.GetRequiredService<ServerMode>().IsDev
            && ChatIdentityCheck.UnlinkedMembers(app.Services.GetRequiredService<ScopeCatalog>(), chat) is { Count: > 0 } unlinked)
        {
            throw new StartupException(ChatIdentityCheck.Describe(unlinked));
        }
    }

    /// <summary>
    /// Traces and metrics (issue 6): the <c>JitTokens</c> ActivitySource and meter, exported over OTLP when the
    /// <c>OTEL_*</c> settings say so. ASP.NET Core's request span gets the OpenTelemetry HTTP attributes from
    /// <see cref="RequestSpanEnricher"/>.
    /// </summary>
    private static void AddTelemetry(IServiceCollection services)
    {
        services.TryAddSingleton<JitMetrics>();
        services.TryAddSingleton(sp => OpenTelemetryExport.Create(sp.GetRequiredService<IConfiguration>()));
    }

    private static void AddOptions(IServiceCollection services, ConfigurationManager configuration, ServerMode mode)
    {
        services.AddOptions<JitTokensOptions>()
            .Bind(configuration.GetSection(JitTokensOptions.SectionName))
            .PostConfigure(o => o.Issuer ??= mode.IsDev ? DevDefaults.Issuer(configuration) : null)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JitTokensOptions>, JitTokensOptionsValidator>());
        services.AddOptions<CatalogOptions>()
            .Bind(configuration.GetSection(CatalogOptions.SectionName))
            .PostConfigure(o => o.Path ??= mode.IsDev ? DevDefaults.CatalogPath() : "scopes");
        services.AddOptions<SigningKeyOptions>().Bind(configuration.GetSection(SigningKeyOptions.SectionName));
        services.AddOptions<AuditOptions>()
            .Bind(configuration.GetSection(AuditOptions.SectionName))
            .PostConfigure<IOptions<CatalogOptions>>((audit, catalog) =>
            {
                // `dotnet run` starts in the project folder; in dev mode keep the log beside the catalog's repository instead.
                if (mode.IsDev && string.IsNullOrEmpty(configuration[AuditOptions.SectionName + ":FilePath"]))
                {
                    audit.FilePath = DevDefaults.AuditPath(catalog.Value.Path!);
                }
            });
        services.AddOptions<HumanAuthOptions>().Bind(configuration.GetSection(HumanAuthOptions.SectionName));
        services.AddOptions<RevocationFeedOptions>().Bind(configuration.GetSection(RevocationFeedOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RevocationFeedOptions>, RevocationFeedOptionsValidator>());
        services.AddOptions<Dictionary<string, ResourceServerEntry>>().Bind(configuration.GetSection(ResourceServerAuthenticator.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Dictionary<string, ResourceServerEntry>>, ResourceServerOptionsValidator>());
    }

    private static void AddCore(IServiceCollection services, IConfiguration configuration, ServerMode mode)
    {
        services.TryAddSingleton(sp => CatalogLoader.LoadDirectory(
            sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Path!,
            sp.GetRequiredService<IOptions<JitTokensOptions>>().Value.MaxTokenTtl));
        services.TryAddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var keyOptions = sp.GetRequiredService<IOptions<SigningKeyOptions>>().Value;
            var ring = new SigningKeyRing(time, sp.GetRequiredService<IOptions<JitTokensOptions>>().Value.MaxTokenTtl + keyOptions.RetirementSkew);
            ring.Load(mode.IsDev && string.IsNullOrEmpty(keyOptions.Path)
                ? [SigningKey.Generate(time.GetUtcNow())]
                : SigningKeyDirectory.Read(keyOptions.Path ?? throw new StartupException("JitTokens:SigningKeys:Path is required outside dev mode")));
            return ring;
        });
        services.TryAddSingleton(sp => new AccessTokenMinter(
            sp.GetRequiredService<SigningKeyRing>(),
            sp.GetRequiredService<IOptions<JitTokensOptions>>().Value.Issuer ?? throw new StartupException("JitTokens:Issuer is required outside dev mode")));
        services.TryAddSingleton(sp => new IssuancePolicy(sp.GetRequiredService<ScopeCatalog>(), sp.GetRequiredService<IOptions<JitTokensOptions>>().Value));
        AddAudit(services, configuration, mode);
        services.TryAddSingleton<SessionCache>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<TokenService>();
        services.TryAddSingleton<EscalationService>();
        services.TryAddSingleton<EscalationDecisions>();
        services.TryAddSingleton<EscalationRedemption>();
        services.TryAddSingleton<EscalationOutbox>();
        services.AddHostedService<SigningKeyReloader>();
        services.TryAddSingleton<AccessTokenReader>();
        services.TryAddSingleton<IntrospectionService>();
        services.TryAddSingleton<ResourceServerAuthenticator>();
        services.TryAddSingleton<RevocationFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationFeed>());
        services.AddHostedService<HeartbeatSweeper>();
    }

    /// <summary>
    /// The issuance log: the primary (the NDJSON file; Redis adds its own), the mirror, group commit
    /// over both, checkpoints of the head, and the review service behind <c>/v1/audit</c>.
    /// </summary>
    private static void AddAudit(IServiceCollection services, IConfiguration configuration, ServerMode mode)
    {
        if (string.Equals(configuration[DiscardingAuditSink.SettingKey], "true", StringComparison.OrdinalIgnoreCase))
        {
            if (!mode.IsDev)
            {
                throw new StartupException($"{DiscardingAuditSink.SettingKey} turns the issuance log off and exists only to benchmark it in dev mode");
            }

            services.TryAddSingleton<IAuditSink, DiscardingAuditSink>();
        }

        services.TryAddSingleton<IAuditLog>(sp => new FileAuditLog(sp.GetRequiredService<IOptions<AuditOptions>>().Value.FilePath));
        services.TryAddSingleton<IAuditSink>(sp =>
        {
            var audit = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            var log = sp.GetRequiredService<IAuditLog>();
            // With the log in Redis, the NDJSON file at Audit:FilePath is the mirror (unless MirrorPath names another).
            var mirror = log is FileAuditLog ? audit.EffectiveMirrorPath : (string.IsNullOrWhiteSpace(audit.MirrorPath) ? audit.FilePath : audit.MirrorPath);
            // The Redis log beside the Redis store records each new token in the same write as its event.
            var recordTokens = log is ITokenRecordingAuditLog && sp.GetRequiredService<IJitStore>() is RedisJitStore;
            return new GroupCommitAuditSink(log, new FileAuditMirror(mirror, audit.MirrorSyncInterval), TimeProvider.System, audit.WriteTimeout, sp.GetRequiredService<JitMetrics>(), recordTokens);
        });
        services.TryAddSingleton(sp => new AuditCheckpointSigner(sp.GetRequiredService<SigningKeyRing>(), sp.GetRequiredService<AccessTokenMinter>().Issuer));
        services.TryAddSingleton<AuditReview>();
        services.AddHostedService<AuditCheckpointer>();
    }

    /// <summary>Chat out (the outbox dispatcher) and in (the interactions endpoint), and the expiry sweep that keeps both honest.</summary>
    private static void AddChat(IServiceCollection services, ConfigurationManager configuration)
    {
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>());
        services.AddOptions<OutboxOptions>().Configure<IOptions<ChatOptions>>((outbox, chat) => outbox.Enabled = chat.Value.Enabled);
        services.AddHttpClient(ChatOutboxDispatcher.HttpClientName)
            // No trace headers to the chat service: it is a third party, and our trace ids are ours.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null })
            // The default handlers log request URLs, and webhook and response URLs are secrets.
            .RemoveAllLoggers();
        services.AddHostedService<ChatOutboxDispatcher>();
        services.AddHostedService<EscalationExpirySweeper>();
    }

    private static void AddStore(IServiceCollection services, ConfigurationManager configuration, ServerMode mode)
    {
        if (!string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.RedisConfiguration]) || !mode.IsDev)
        {
            services.AddRedisJitStore(configuration.GetSection(ConfigurationKeys.RedisSection));
            // One log for every instance sharing this Redis: one chain.
            services.AddRedisAuditLog();
        }
        else
        {
            services.TryAddSingleton<IJitStore, InMemoryJitStore>();
        }
    }

    private static void AddHumans(IServiceCollection services)
    {
        // Authentication pulls in data protection, which JitTokens never uses: keep its keys in
        // memory rather than writing key files to the user's profile.
        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new InMemoryXmlRepository();
            o.XmlEncryptor = new NullXmlEncryptor();
        });
        services.TryAddSingleton<DevHumanTokens>();
        services.TryAddSingleton<HumanAuthenticator>();
        services.TryAddSingleton<IEscalationNotifier, LogEscalationNotifier>();
        services.AddAuthentication().AddJwtBearer(HumanAuthenticator.SchemeName, _ => { });
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, ExplicitSchemeProvider>());
        services.AddOptions<JwtBearerOptions>(HumanAuthenticator.SchemeName)
            .Configure<IOptions<HumanAuthOptions>, DevHumanTokens, ServerMode, TimeProvider>((jwt, humans, dev, mode, time) =>
            {
                var options = humans.Value;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = options.NameClaim;
                jwt.TokenValidationParameters.RoleClaimType = options.RolesClaim;
                jwt.TokenValidationParameters.RequireExpirationTime = true;
                jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) => HumanTokenLifetime.IsValid(notBefore, expires, time.GetUtcNow());
                if (mode.IsDev)
                {
                    jwt.TokenValidationParameters.ValidIssuer = DevHumanTokens.Issuer;
                    jwt.TokenValidationParameters.ValidAudience = DevHumanTokens.Audience;
                    jwt.TokenValidationParameters.IssuerSigningKey = dev.ValidationKey;
                    jwt.TokenValidationParameters.ValidTypes = ["JWT"];
                }
                else
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
            });
    }
}
