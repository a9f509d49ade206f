using Infra.Domain.Settings;
using Pulumi;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Components;

public sealed class BackupStorageArgs : ResourceArgs
{
    public required BackupSettings Settings { get; init; }
    public required string StackName { get; init; }
}

/// <summary>
/// The stack's backup bucket in DigitalOcean Spaces: private, versioned (a deleted or overwritten
/// object can be recovered for a while), incomplete uploads cleaned up, protected from deletion;
/// and an access key that can reach this bucket alone.
/// </summary>
public sealed class BackupStorage : ComponentResource
{
    /// <summary>Days an overwritten or deleted object stays recoverable; bounds the cost of versioning.</summary>
    public const int NoncurrentVersionDays = 30;

    public BackupStorage(string name, BackupStorageArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.BackupStorage, name, args, opts)
    {
        var settings = args.Settings;
        var bucket = new DigitalOcean.SpacesBucket($"{name}-bucket", new DigitalOcean.SpacesBucketArgs
        {
            Name = settings.Bucket,
            Region = settings.Region,
            Acl = "private",
            Versioning = new DigitalOcean.Inputs.SpacesBucketVersioningArgs { Enabled = true },
            LifecycleRules =
            {
                new DigitalOcean.Inputs.SpacesBucketLifecycleRuleArgs
                {
                    Id = "clean-up",
                    Enabled = true,
                    AbortIncompleteMultipartUploadDays = 1,
                    NoncurrentVersionExpiration = new DigitalOcean.Inputs.SpacesBucketLifecycleRuleNoncurrentVersionExpirationArgs { Days = NoncurrentVersionDays },
                },
            },
        }, new CustomResourceOptions { Parent = this, Protect = true, RetainOnDelete = true });

        var key = new DigitalOcean.SpacesKey($"{name}-key", new DigitalOcean.SpacesKeyArgs
        {
            Name = new StackNames(args.StackName).BackupKey,
            Grants = { new DigitalOcean.Inputs.SpacesKeyGrantArgs { Bucket = bucket.Name, Permission = "readwrite" } },
        }, new CustomResourceOptions { Parent = this, AdditionalSecretOutputs = { "secretKey" } });

        BucketName = bucket.Name;
        Endpoint = Output.Create($"https://{settings.Region}.digitaloceanspaces.com");
        AccessKeyId = key.AccessKey;
        SecretAccessKey = Output.CreateSecret(key.SecretKey);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucketName"] = BucketName,
            ["endpoint"] = Endpoint,
        });
    }

    [Output]
    public Output<string> BucketName { get; private set; }

    [Output]
    public Output<string> Endpoint { get; private set; }

    public Output<string> AccessKeyId { get; }

    public Output<string> SecretAccessKey { get; }
}
