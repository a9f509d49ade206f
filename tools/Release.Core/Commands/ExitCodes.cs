namespace Infra.Release.Commands;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Refused, failed, or unhealthy: the message says which.</summary>
    public const int Failed = 1;

    /// <summary>The preview would replace or delete a stateful resource and that was not allowed.</summary>
    public const int Destructive = 2;

    /// <summary>The preview would restart a container that takes traffic (live slot, proxy, accessory) and that was not allowed.</summary>
    public const int Traffic = 3;
}
