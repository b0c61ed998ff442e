namespace LoadLab.PushCore;

/// <summary>How the instances of a push service share their messages.</summary>
public enum BackplaneKind
{
    /// <summary>In-process only: one instance, today's behaviour and speed.</summary>
    None,

    /// <summary>Redis: a message published on any instance reaches the subscribers of every instance, with global ids.</summary>
    Redis,
}
