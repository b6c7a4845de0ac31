using System.Text.Json;
using EventDashboard.Web.Values;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Demo;

/// <summary>
/// Keeps two values changing so a fresh server has something to show: <c>demo.clock</c> (the time, as an
/// ISO 8601 string) and <c>demo.counter</c> (a number that goes up by one), every <see cref="DemoOptions.Interval"/>.
/// </summary>
internal sealed partial class DemoValues : BackgroundService
{
    /// <summary>The name of the clock value.</summary>
    public const string ClockName = "demo.clock";

    /// <summary>The name of the counter value.</summary>
    public const string CounterName = "demo.counter";

    private static readonly SetOrigin Origin = new(SetSource.Demo);

    private readonly ValueRegistry _registry;
    private readonly DemoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DemoValues> _logger;

    public DemoValues(ValueRegistry registry, IOptions<DemoOptions> options, TimeProvider time, ILogger<DemoValues> logger)
    {
        _registry = registry;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled();
            return;
        }

        LogStarted(_options.Interval);
        using var timer = new PeriodicTimer(_options.Interval, _time);
        long counter = 0;
        do
        {
            counter++;
            await _registry.SetAsync(ClockName, JsonSerializer.SerializeToElement(_time.GetUtcNow()), Origin);
            await _registry.SetAsync(CounterName, JsonSerializer.SerializeToElement(counter), Origin);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
