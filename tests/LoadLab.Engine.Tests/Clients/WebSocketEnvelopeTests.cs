using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Tests.Clients;

/// <summary>The <c>loadlab.v1</c> frames: the compact form the reference server writes, and any other valid JSON of the same meaning.</summary>
public sealed class WebSocketEnvelopeTests
{
    [Theory]
    [InlineData("""{"id":42,"data":"0000abc"}""", 42, "0000abc")]
    [InlineData("""{"id":9223372036854775807,"data":""}""", long.MaxValue, "")]
    [InlineData("""{"data":"0000abc","id":42}""", 42, "0000abc")]
    [InlineData("""{ "id" : 42, "data" : "0000abc" }""", 42, "0000abc")]
    [InlineData("""{"id":42,"data":"a\"b"}""", 42, "a\\\"b")]
    [InlineData("""{"id":42,"extra":[1,{"x":2}],"data":"d"}""", 42, "d")]
    public void A_message_gives_its_id_and_data(string frame, long id, string data)
    {
        Assert.True(WebSocketEnvelope.TryRead(Encoding.UTF8.GetBytes(frame), out var readId, out var readData, out var gap));
        Assert.Equal((id, data, false), (readId, Encoding.UTF8.GetString(readData), gap));
    }

    [Theory]
    [InlineData("""{"id":42}""", false)]
    [InlineData("""{"id":"42","data":"d"}""", false)]
    [InlineData("""{"id":4x2,"data":"d"}""", false)]
    [InlineData("""{"id":42,"data":"d""", false)]
    [InlineData("not json", false)]
    [InlineData("""{"gap":{"from":3,"to":9}}""", true)]
    public void Anything_else_is_no_message(string frame, bool gap)
    {
        Assert.False(WebSocketEnvelope.TryRead(Encoding.UTF8.GetBytes(frame), out _, out _, out var readGap));
        Assert.Equal(gap, readGap);
    }
}
