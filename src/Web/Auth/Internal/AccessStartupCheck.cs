using Microsoft.Extensions.Hosting;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Refuses to run a server that listens beyond loopback with no key, no single sign-on and no explicit anonymous role. It checks once
/// the server is listening, because only then are the bound addresses known; until then (and if it got further)
/// <see cref="AccessMode.AnonymousRole"/> already denies anonymous callers on such a server.
/// </summary>
internal sealed class AccessStartupCheck : IHostedLifecycleService
{
    private readonly AccessMode _mode;

    public AccessStartupCheck(AccessMode mode) => _mode = mode;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_mode.IsUnsafe)
        {
            throw new UnsafeBindingException(
                $"it listens on {string.Join(", ", _mode.NetworkAddresses)}, beyond loopback, and no access key is configured, so anyone who can reach it could change every value. " +
                $"Add a key (for example the settings {AuthOptions.SectionName}:Keys:0:Name=admin, {AuthOptions.SectionName}:Keys:0:Role=Admin and {AuthOptions.SectionName}:Keys:0:SecretSha256=<the SHA-256 of a long random secret, in hex>, " +
                $"or the environment variables EventDashboard__Auth__Keys__0__Name and so on), configure single sign-on ({AuthOptions.SectionName}:Oidc:Authority and ClientId), listen on loopback only, or set {AuthOptions.SectionName}:AllowAnonymous=Viewer (or Operator) to accept anonymous callers on purpose.");
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
