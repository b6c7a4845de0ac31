using Microsoft.Extensions.Options;

namespace EventDashboard.Client.Internal;

/// <summary>Checks the options of a client from dependency injection, where <see cref="EventDashboardClientOptions.ServerUrl"/> is required.</summary>
internal sealed class EventDashboardClientOptionsValidator : IValidateOptions<EventDashboardClientOptions>
{
    public ValidateOptionsResult Validate(string? name, EventDashboardClientOptions options)
    {
        // Said with the configuration section, since that is where they are usually set.
        var problems = options.Problems(serverUrlRequired: true).Select(p => $"{EventDashboardClientOptions.SectionName}: {p}").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
