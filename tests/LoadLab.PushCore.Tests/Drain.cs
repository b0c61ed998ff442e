namespace LoadLab.PushCore.Tests;

internal static class Drain
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Everything waiting in the queue now, in order.</summary>
    public static List<PushMessage> Queued(Subscriber subscriber)
    {
        var messages = new List<PushMessage>();
        while (subscriber.TryDequeue(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }

    public static async Task<bool> WaitAsync(Subscriber subscriber) => await subscriber.WaitAsync().AsTask().WaitAsync(Patience);

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
