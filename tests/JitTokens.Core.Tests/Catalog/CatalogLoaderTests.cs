using JitTokens.Core.Catalog;

namespace JitTokens.Core.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    private const string Environments = """
        environments:
          staging:    { audience: https://staging.api.example.com }
          production: { audience: https://api.example.com }
        approvers:
          dba:   [ alice, "slack:U0DBA01" ]
          infra: [ bob, carol ]
        """;

    [Fact]
    public void Load_DesignExample_BuildsCatalog()
    {
        var catalog = Load(("env.yaml", Environments), ("scopes.yaml", """
            scopes:
              db:read:
                description: Read rows.
                environments:
                  staging:    { max_ttl: 1h }
                  production: { max_ttl: 15m }
              db:write:
                description: Write rows.
                environments:
                  staging:    { max_ttl: 30m }
                  production: { max_ttl: 10m, approval: { group: dba } }
              volume:delete:
                description: Delete a volume. Irreversible.
                irreversible: true
                environments:
                  staging:    { max_ttl: 5m, approval: { group: infra } }
                  production: { max_ttl: 5m, approval: { group: infra, approvals: 2 } }
            """));

        Assert.Equal(["db:read", "db:write", "volume:delete"], catalog.ScopeNames);
        Assert.Equal("https://api.example.com", catalog.Environments["production"].Audience);
        Assert.Equal(TimeSpan.FromMinutes(15), catalog.Scopes["db:read"].Environments["production"].MaxTtl);
        Assert.Null(catalog.Scopes["db:write"].Environments["staging"].Approval);
        Assert.Equal(new ApprovalRule("dba", 1), catalog.Scopes["db:write"].Environments["production"].Approval);
        Assert.Equal(new ApprovalRule("infra", 2), catalog.Scopes["volume:delete"].Environments["production"].Approval);
        Assert.True(catalog.Scopes["volume:delete"].Irreversible);
        Assert.Equal(["alice", "slack:U0DBA01"], catalog.ApproverGroups["dba"].Members);
        Assert.Equal(["db:read", "db:write", "volume:delete"], catalog.ScopesAvailableIn(["production"]));
    }

    [Fact]
    public void LoadDirectory_RepositoryCatalog_IsValid()
    {
        var scopes = Path.Combine(FindRepositoryRoot(), "scopes");

        var catalog = CatalogLoader.LoadDirectory(scopes, Cap);

        Assert.Contains("volume:delete", catalog.ScopeNames);
        Assert.All(catalog.Scopes.Values.Where(s => s.Irreversible), s => Assert.All(s.Environments.Values, r => Assert.NotNull(r.Approval)));
    }

    [Theory]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n      qa: { max_ttl: 1h }\n", 6, "environment 'qa' is not defined")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 2h }\n", 5, "above the global cap")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 10 }\n", 5, "is not a duration")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { }\n", 5, "needs a max_ttl")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h, aproval: { group: dba } }\n", 5, "unknown key 'aproval'")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h, approval: { group: nobody } }\n", 5, "approval group 'nobody' is not defined")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h, approval: { group: dba, approvals: 3 } }\n", 5, "has only 2 members")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h, approval: { group: dba, approvals: 0 } }\n", 5, "at least 1")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h, approval: { approvals: 1 } }\n", 5, "approval needs a group")]
    [InlineData("scopes:\n  vol:delete:\n    description: x\n    irreversible: true\n    environments:\n      staging: { max_ttl: 5m }\n", 6, "irreversible, so it needs an approval")]
    [InlineData("scopes:\n  vol:delete:\n    description: x\n    irreversible: yes-please\n    environments:\n      staging: { max_ttl: 5m }\n", 4, "irreversible must be true or false")]
    [InlineData("scopes:\n  DB:Read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n", 2, "must match")]
    [InlineData("scopes:\n  dbread:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n", 2, "must match")]
    [InlineData("scopes:\n  db:read:\n    environments:\n      staging: { max_ttl: 1h }\n", 2, "needs a description")]
    [InlineData("scopes:\n  db:read:\n    description: x\n", 2, "needs environments")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments: {}\n", 4, "lists no environments")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n", 4, "lists no environments")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environment:\n      staging: { max_ttl: 1h }\n", 4, "unknown key 'environment'")]
    [InlineData("scope:\n  db:read: {}\n", 1, "unknown key 'scope'")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n  db:read:\n    description: y\n    environments:\n      staging: { max_ttl: 1h }\n", 6, "not valid YAML")]
    [InlineData("scopes: [ db:read ]\n", 1, "scopes must be a mapping")]
    [InlineData("scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h\n", 6, "not valid YAML")]
    [InlineData("- just\n- a list\n", 1, "must be a mapping")]
    public void Load_InvalidScopes_NamesFileLineAndReason(string scopesYaml, int line, string reason)
    {
        var error = Assert.Throws<CatalogException>(() => Load(("env.yaml", Environments), ("scopes.yaml", scopesYaml)));

        var problem = Assert.Single(error.Problems, p => p.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Equal("scopes.yaml", problem.File);
        Assert.Equal(line, problem.Line);
        Assert.Contains($"scopes.yaml:{line}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("environments:\n  Prod: { audience: https://a.example.com }\n", 2, "must match")]
    [InlineData("environments:\n  prod: { audience: not-a-url }\n", 2, "absolute http(s) URL")]
    [InlineData("environments:\n  prod: { }\n", 2, "needs an audience")]
    [InlineData("environments:\n  prod: { audience: https://api.example.com }\n", 2, "same audience as 'production'")]
    [InlineData("environments:\n  staging: { audience: https://other.example.com }\n", 2, "defined twice")]
    [InlineData("approvers:\n  dba: [ dana ]\n", 2, "approver group 'dba' is defined twice")]
    [InlineData("approvers:\n  ops: []\n", 2, "has no members")]
    [InlineData("approvers:\n  ops: [ a, a ]\n", 2, "lists a member twice")]
    [InlineData("approvers:\n  ops: alice\n", 2, "must be a list")]
    public void Load_InvalidEnvironmentsOrGroups_AreReported(string yaml, int line, string reason)
    {
        var error = Assert.Throws<CatalogException>(() => Load(("env.yaml", Environments), ("more.yaml", yaml + "scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n")));

        var problem = Assert.Single(error.Problems, p => p.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(("more.yaml", line), (problem.File, problem.Line));
    }

    [Fact]
    public void Load_ScopeDefinedInTwoFiles_NamesBothPlaces()
    {
        const string scope = "scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n";

        var error = Assert.Throws<CatalogException>(() => Load(("env.yaml", Environments), ("a.yaml", scope), ("b.yaml", scope)));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("b.yaml", 2), (problem.File, problem.Line));
        Assert.Contains("defined twice (first at a.yaml:2)", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsThemAll()
    {
        var error = Assert.Throws<CatalogException>(() => Load(("env.yaml", Environments), ("s.yaml", "scopes:\n  db:read:\n    description: x\n    environments:\n      qa: { max_ttl: 1h }\n  db:write:\n    description: y\n    environments:\n      staging: { max_ttl: 5d }\n")));

        Assert.Equal(2, error.Problems.Count);
    }

    [Fact]
    public void Load_NoScopes_IsInvalid()
    {
        var error = Assert.Throws<CatalogException>(() => Load(("env.yaml", Environments)));

        Assert.Contains("defines no scopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_Missing_SaysHowToFix()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), Cap));

        Assert.Contains("JitTokens:Catalog:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_ReadsOnlyYamlFiles()
    {
        var dir = Directory.CreateTempSubdirectory("jit-catalog-").FullName;
        File.WriteAllText(Path.Combine(dir, "env.yaml"), Environments);
        File.WriteAllText(Path.Combine(dir, "s.yaml"), "scopes:\n  db:read:\n    description: x\n    environments:\n      staging: { max_ttl: 1h }\n");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not: [yaml");

        var catalog = CatalogLoader.LoadDirectory(dir, Cap);

        Assert.Equal(["db:read"], catalog.ScopeNames);
        Directory.Delete(dir, recursive: true);
    }

    private static ScopeCatalog Load(params (string File, string Text)[] files) => CatalogLoader.Load(files, Cap);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JitTokens.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
