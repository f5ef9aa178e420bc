using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Tally.Query.Dashboard;

namespace Tally.Dashboard.Tests;

/// <summary>What the server sends for the dashboard's files, over plain HTTP (no browser).</summary>
public partial class AssetTests
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_a_policy_that_allows_no_inline_script()
    {
        await using var server = await DashboardServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync("/");
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self';", DashboardEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Empty(InlineScript().Matches(html));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Every_file_the_page_loads_is_served()
    {
        await using var server = await DashboardServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        string html = await http.GetStringAsync("/");
        var paths = AssetReference().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        Assert.Contains("/dashboard/vendor/plotly-basic.min.js", paths);
        Assert.Contains("/dashboard/js/main.js", paths);

        foreach (string path in paths)
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Large_files_are_gzipped_for_clients_that_accept_it_and_revalidate_to_304()
    {
        await using var server = await DashboardServer.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.Address };
        const string plotly = "/dashboard/vendor/plotly-basic.min.js";

        using var plain = await http.GetAsync(plotly);
        using var gzipRequest = new HttpRequestMessage(HttpMethod.Get, plotly);
        gzipRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzipped = await http.SendAsync(gzipRequest);
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, plotly);
        revalidation.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        revalidation.Headers.IfNoneMatch.Add(gzipped.Headers.ETag!);
        using var notModified = await http.SendAsync(revalidation);

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.True(gzipped.Content.Headers.ContentLength < plain.Content.Headers.ContentLength / 2,
            $"gzip {gzipped.Content.Headers.ContentLength} of {plain.Content.Headers.ContentLength} bytes");
        Assert.NotEqual(plain.Headers.ETag, gzipped.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
    }

    [Theory]
    [InlineData("/dashboard/nothing.js")]
    [InlineData("/dashboard/../Tally.Query.dll")]
    [InlineData("/dashboard/")]
    public async Task Unknown_files_are_404(string path)
    {
        await using var server = await DashboardServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"(?:src|href)=""(?<path>/dashboard/[^""]+)""")]
    private static partial Regex AssetReference();
}
