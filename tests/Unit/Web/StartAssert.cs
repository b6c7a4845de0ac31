using Microsoft.Extensions.Options;

namespace EventDashboard.Tests.Unit.Web;

/// <summary>Asserts that the app refuses to start.</summary>
internal static class StartAssert
{
    /// <summary>Starts the app, which must fail on a setting, and returns what the validation said.</summary>
    public static string FailsValidation(EventDashboardFactory factory)
    {
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        // The host reports a failed ValidateOnStart directly, wrapped once, or among several.
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException
            ?? (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        return validation.Message;
    }
}
