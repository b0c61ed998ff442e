using System.ComponentModel.DataAnnotations;

namespace LoadLab.PushCore;

/// <summary>Settings of a <see cref="PushHub"/>; bound from the <c>Push</c> configuration section by hosts.</summary>
public sealed record PushHubOptions : IValidatableObject
{
    /// <summary>The configuration section hosts bind these options from.</summary>
    public const string SectionName = "Push";

    /// <summary>Messages one subscriber may have waiting before <see cref="Backpressure"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int QueueSize { get; init; } = 256;

    /// <summary>What to do with a subscriber whose queue is full.</summary>
    public BackpressurePolicy Backpressure { get; init; } = BackpressurePolicy.Disconnect;

    /// <summary>Messages kept per topic so that a subscriber can resume after an id; 0 disables resume.</summary>
    [Range(0, 10_000_000)]
    public int ReplaySize { get; init; } = 1024;

    /// <summary>How instances share messages: <see cref="BackplaneKind.None"/> (in-process, the default) or <see cref="BackplaneKind.Redis"/>.</summary>
    public BackplaneKind Backplane { get; init; } = BackplaneKind.None;

    /// <summary>The Redis backplane's settings (<c>Push:Redis</c>), used when <see cref="Backplane"/> is <see cref="BackplaneKind.Redis"/>.</summary>
    public RedisBackplaneOptions Redis { get; init; } = new();

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        List<ValidationResult> results = [];
        if (Backplane == BackplaneKind.Redis)
        {
            Validator.TryValidateObject(Redis, new ValidationContext(Redis), results, validateAllProperties: true);
        }

        return results.Select(r => new ValidationResult($"{SectionName}:{nameof(Redis)}: {r.ErrorMessage}", r.MemberNames));
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueSize, 1, nameof(QueueSize));
        ArgumentOutOfRangeException.ThrowIfNegative(ReplaySize, nameof(ReplaySize));
        if (!Enum.IsDefined(Backpressure))
        {
            throw new ArgumentOutOfRangeException(nameof(Backpressure), Backpressure, "Unknown backpressure policy.");
        }

        if (!Enum.IsDefined(Backplane))
        {
            throw new ArgumentOutOfRangeException(nameof(Backplane), Backplane, "Unknown backplane.");
        }

        if (Backplane == BackplaneKind.Redis)
        {
            ArgumentNullException.ThrowIfNull(Redis, nameof(Redis));
            Validator.ValidateObject(Redis, new ValidationContext(Redis), validateAllProperties: true);
        }
    }
}
