namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>A body whose length is unknown up front, so the server must stop reading at the limit itself.</summary>
internal sealed class ChunkedOnlyStream(byte[] data) : MemoryStream(data)
{
    public override bool CanSeek => false;
}
