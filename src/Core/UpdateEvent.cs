namespace EventDashboard.Core;

/// <summary>One delivery of <see cref="Notify"/>: a new result, or the error of a failed fetch.</summary>
/// <typeparam name="T">The type of the result.</typeparam>
/// <param name="CorrelationId">The identifier the loop was started with, so one channel can serve many loops.</param>
/// <param name="Result">The fetched value; the default when <paramref name="Error"/> is set.</param>
/// <param name="Index">The index of the result, or the last known index for an error.</param>
/// <param name="Error">The fetch's error, or <see langword="null"/>.</param>
public sealed record UpdateEvent<T>(string CorrelationId, T? Result, long Index, Exception? Error);
