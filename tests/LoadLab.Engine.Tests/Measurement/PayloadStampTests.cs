using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Tests.Measurement;

public sealed class PayloadStampTests
{
    [Theory]
    [InlineData(1, 0, 32)]
    [InlineData(123_456_789, 987_654_321_000, 128)]
    [InlineData(long.MaxValue, long.MaxValue, 64)]
    public void Stamp_round_trips_and_pads_to_the_payload_size(long sequence, long scheduled, int size)
    {
        var payload = PayloadStamp.Create(sequence, scheduled, size);

        Assert.Equal(size, payload.Length);
        Assert.True(PayloadStamp.TryRead(payload, out var readSequence, out var readScheduled));
        Assert.Equal((sequence, scheduled), (readSequence, readScheduled));
        Assert.All(payload, b => Assert.InRange(b, (byte)0x20, (byte)0x7E));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("ZZZZZZZZZZZZZZZZ0000000000000001")]
    [InlineData("000000000000000g0000000000000001")]
    [InlineData("0000000000000001000000000000000:")]
    [InlineData("0000000000000001 000000000000001")]
    [InlineData("000000000000001")]
    public void Foreign_payloads_are_not_read_as_stamps(string text)
    {
        Assert.False(PayloadStamp.TryRead(System.Text.Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public void Hex_digits_of_either_case_are_read()
    {
        Assert.True(PayloadStamp.TryRead("00000000000000aF00000000DEADbeefxxxx"u8, out var sequence, out var scheduled));
        Assert.Equal((0xAFL, 0xDEADBEEFL), (sequence, scheduled));
    }

    [Fact]
    public void Reading_a_stamp_allocates_nothing()
    {
        var payload = PayloadStamp.Create(42, 4242, 128);
        PayloadStamp.TryRead(payload, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        PayloadStamp.TryRead(payload, out _, out _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
