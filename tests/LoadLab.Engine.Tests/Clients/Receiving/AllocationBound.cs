namespace LoadLab.Engine.Tests.Clients.Receiving;

/// <summary>
/// The receive path allocates nothing per read. A test measures that over many reads after a warm-up. The bound is not
/// zero, because the runtime may still do one-time work on the measuring thread during the measured reads: on-stack
/// replacement of a running loop, or a type's first use. That costs a few KB once, and it once failed a zero check on a
/// CI machine. The smallest object is 24 bytes, so even one allocation per read (or per message) still fails this bound.
/// </summary>
internal static class AllocationBound
{
    private const int SmallestObjectBytes = 24;

    public static void AssertNonePerRead(long allocatedBytes, int reads) =>
        Assert.True(allocatedBytes < (long)SmallestObjectBytes * reads,
            $"{allocatedBytes:N0} bytes allocated over {reads:N0} reads: something allocates on every read");
}
