using Tally.Simulator.Model;

namespace Tally.Simulator.Planning;

/// <summary>One device's sessions of one day, uploaded in the round of <see cref="Round"/>.</summary>
public sealed record Delivery(DeviceTraits Device, DayPlan Plan, int Round);

/// <summary>
/// The history in upload order: round r sends day r's sessions, plus those of earlier days whose
/// devices were offline until then; today's round sends only sessions that ended before
/// <see cref="SimulationSettings.Now"/>, and whatever offline devices still hold.
/// </summary>
public static class HistorySchedule
{
    public static IEnumerable<IReadOnlyList<Delivery>> Rounds(SimulationSettings settings, IReadOnlyList<DeviceTraits> devices)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(devices);
        var planner = new DevicePlanner(settings.App, settings.Seed, settings.FirstDay, settings.CrashRate);
        var deferred = new Dictionary<int, List<Delivery>>();
        int today = settings.Days;
        for (int round = 0; round <= today; round++)
        {
            var deliveries = deferred.Remove(round, out var late) ? late : [];
            foreach (var device in devices)
            {
                var plan = planner.PlanDay(device, round);
                if (round == today)
                {
                    plan = plan with { Sessions = [.. plan.Sessions.Where(s => s.End <= settings.Now)], UploadDelayDays = 0 };
                }
                if (plan.Sessions.Count == 0)
                {
                    continue;
                }
                int uploadRound = Math.Min(round + plan.UploadDelayDays, today);
                if (uploadRound == round)
                {
                    deliveries.Add(new Delivery(device, plan, round));
                }
                else
                {
                    if (!deferred.TryGetValue(uploadRound, out var list))
                    {
                        deferred[uploadRound] = list = [];
                    }
                    list.Add(new Delivery(device, plan, uploadRound));
                }
            }
            yield return deliveries;
        }
    }
}
