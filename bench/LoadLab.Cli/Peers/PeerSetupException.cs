namespace LoadLab.Cli.Peers;

/// <summary>Node.js or npm could not do what a peer needs (missing, failed install, a server that did not start); the message says what and how to fix it.</summary>
internal sealed class PeerSetupException(string message, Exception? innerException = null) : Exception(message, innerException);
