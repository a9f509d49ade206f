using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class BaselineTests
{
    [Fact]
    public void Valid_prod_stack_has_no_problems_and_yields_settings()
    {
        var loaded = Stacks.Prod().Load();

        Assert.Empty(loaded.Errors);
        Assert.True(loaded.IsValid);
        Assert.Equal(["web", "api"], loaded.Settings!.Services.Select(s => s.Name));
        Assert.Equal(3000, loaded.Settings.Services[0].Port);
        Assert.Equal("blue", loaded.Settings.Release.ActiveSlot);
    }

    [Fact]
    public void Valid_local_stack_allows_tags_and_no_backups()
    {
        Assert.Empty(Stacks.Local().Problems());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var config = Stacks.Prod();
        config.Service("web").Remove("healthPath");
        config.Release["activeSlot"] = "purple";
        config.Without("dbPassword");

        Assert.Equal(3, config.Problems().Count);
    }

    [Fact]
    public void Report_lists_each_problem_on_its_own_line_and_says_nothing_changed()
    {
        var config = Stacks.Prod();
        config.Service("web").Remove("healthPath");
        config.Without("dbPassword");

        var report = config.Load().Report("prod");

        Assert.Equal(
            """
            stack 'prod' configuration has 2 problem(s); nothing was changed:
              - infra:services[0].healthPath: service 'web' listens on port 3000 but has no health path; set healthPath to a path that answers 200 when it is ready (e.g. /health)
              - infra:dbPassword: required secret for accessory 'db' password is not set; run `pulumi config set --secret dbPassword <value> --stack prod`
            """.ReplaceLineEndings(),
            report);
    }
}
