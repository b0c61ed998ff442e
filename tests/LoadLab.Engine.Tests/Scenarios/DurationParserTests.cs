using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Scenarios;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("15s", 15_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:15", 15_000)]
    [InlineData(" 3S ", 3_000)]
    public void Reads_durations_as_people_write_them(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("-5s")]
    [InlineData("fast")]
    [InlineData("99999999999999999999h")]
    [InlineData("")]
    [InlineData("1,5s")]
    public void Rejects_numbers_without_unit_and_nonsense(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
