namespace LoadLab.Server.Endpoints;

/// <summary>The answer to a publish: the id the message was given in its topic.</summary>
public sealed record PublishResponse(string Topic, long Id);
