using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class OnboardingTests(DashboardApp app)
{
    [Fact]
    public async Task A_new_tenant_pastes_a_wrong_then_a_right_role_sees_each_check_and_finishes_onboarding_then_offboards()
    {
        var tenant = "fresh-" + Guid.NewGuid().ToString("N")[..6];
        var account = "5555" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var roleArn = $"arn:aws:iam::{account}:role/EmailListSender";
        var externalId = await app.CreateTenantAsync(tenant);
        var page = await app.SignedInPageAsync(tenant);
        await page.GotoAsync("/settings");
        await Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("data-step", "create-role");
        await Expect(page.GetByTestId("external-id")).ToHaveTextAsync(externalId);

        // The role does not exist yet in the tenant's account: refused, with the cause and the fix.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Role ARN" }).FillAsync(roleArn);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save the role" }).ClickAsync();
        var refused = page.GetByTestId("role-problem");
        await Expect(refused).ToContainTextAsync("The role was not accepted");
        await Expect(refused).ToContainTextAsync("How to fix it:");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Role ARN" })).ToHaveAttributeAsync("aria-invalid", "true");

        // Not an ARN at all: the field says so.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Role ARN" }).FillAsync("EmailListSender");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save the role" }).ClickAsync();
        await Expect(page.Locator("#roleArn-errors")).ToContainTextAsync("arn:aws:iam::123456789012:role/EmailListSender");

        await app.CreateSandboxRoleAsync(account, roleArn, externalId, "fresh.example");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Role ARN" }).FillAsync(roleArn);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save the role" }).ClickAsync();

        await Expect(page.GetByTestId("role-accepted")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("checks")).ToHaveAttributeAsync("data-ok", "true");
        await Expect(page.GetByTestId("checks").Locator("li.fail")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("data-step", "send-a-test-mail");

        await app.SendAsync(tenant, "hello@fresh.example", "success@simulator.amazonses.com", "First mail");
        await app.WaitForEventsAsync(tenant, 1);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("data-step", "done");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the role now" }).ClickAsync();
        await Expect(page.GetByTestId("checks")).ToHaveAttributeAsync("data-ok", "true");

        await page.GetByText("Stop sending through EmailList").ClickAsync();
        await page.GetByLabel("Type the tenant id").FillAsync("not-" + tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Offboard" }).ClickAsync();
        await Expect(page.Locator("#confirmation-errors")).ToContainTextAsync($"Type the tenant id '{tenant}' exactly");
        await Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("data-step", "done");

        await page.GetByLabel("Type the tenant id").FillAsync(tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Offboard" }).ClickAsync();
        await Expect(page.GetByTestId("offboarded")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("next-step")).ToHaveAttributeAsync("data-step", "create-role");
    }
}
