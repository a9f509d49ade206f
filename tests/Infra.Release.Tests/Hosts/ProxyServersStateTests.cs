using Infra.Release.Hosts;

namespace Infra.Release.Tests.Hosts;

public class ProxyServersStateTests
{
    // HAProxy 2.6's answer, captured: web/blue was `disabled` in the configuration and then set ready
    // through the runtime API, web/green set to maint; api/green is disabled and its name does not resolve.
    private const string Answer = """
        1
        # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
        2 web 1 blue 127.0.0.1 2 4 1 1 0 1 0 2 6 0 0 0 - 1 - 0 0 - - 0
        2 web 2 green 127.0.0.1 0 1 1 1 1 8 2 0 14 0 0 0 - 2 - 0 0 - - 0
        3 api 1 blue 127.0.0.1 0 0 1 1 0 8 2 0 6 0 0 0 - 3 - 0 0 - - 0
        3 api 2 green - 0 37 1 1 1 1 0 0 14 0 0 0 nosuchhost.invalid 4 - 0 0 - - 0


        """;

    [Fact]
    public void Reads_each_server_with_its_states_by_the_header_columns()
    {
        Assert.Equal(
        [
            new ProxyServer("web", "blue", 2, 4),
            new ProxyServer("web", "green", 0, 1),
            new ProxyServer("api", "blue", 0, 0),
            new ProxyServer("api", "green", 0, 37),
        ], ProxyServersState.Parse(Answer));
    }

    [Fact]
    public void A_server_takes_traffic_unless_in_maintenance_and_is_up_only_when_running_and_resolved()
    {
        var servers = ProxyServersState.Parse(Answer).ToDictionary(s => $"{s.Backend}/{s.Server}");

        // Config maintenance (0x04) alone is only where the state came from: `set server ... state ready` leaves it.
        Assert.True(servers["web/blue"].TakesTraffic);
        Assert.True(servers["web/blue"].IsUp);
        Assert.False(servers["web/green"].TakesTraffic);
        Assert.True(servers["api/blue"].TakesTraffic);
        Assert.False(servers["api/blue"].IsUp);
        Assert.False(servers["api/green"].TakesTraffic);
        Assert.False(servers["api/green"].IsResolved);
    }

    [Fact]
    public void An_answer_without_the_header_is_refused_with_what_came_instead()
    {
        var refusal = Assert.Throws<ReleaseRefusal>(() => ProxyServersState.Parse("Unknown command: 'show servers stat'\n"));

        Assert.Equal("the proxy's runtime API answered `show servers state` without its header: Unknown command: 'show servers stat'", refusal.Message);
    }
}
