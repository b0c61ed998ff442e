using System.Net.Http.Headers;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The reference server's resume extension: it names the instance that issued the ids
/// (<c>X-LoadLab-Instance</c>), and a client gives that name back when it resumes, so that a restarted
/// server does not take the old server's ids for its own. A server that sends no such header is resumed
/// by id alone.
/// </summary>
internal static class ResumeHeaders
{
    public const string Instance = "X-LoadLab-Instance";

    public static string? InstanceOf(HttpResponseHeaders headers) =>
        headers.TryGetValues(Instance, out var values) ? values.FirstOrDefault() : null;
}
