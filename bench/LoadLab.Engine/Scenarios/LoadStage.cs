namespace LoadLab.Engine.Scenarios;

/// <summary>
/// One stage of the connection profile: move linearly from the previous stage's connection count to
/// <see cref="Connections"/> over <see cref="Duration"/> (a ramp), or stay there (a hold, when the
/// count does not change). Written <c>{ rampTo: 300, over: 5s }</c> or <c>{ hold: 10s }</c>.
/// </summary>
public sealed record LoadStage(int Connections, TimeSpan Duration);
