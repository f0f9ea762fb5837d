namespace EmailList.Core.Events;

public enum StatsBucket
{
    Hour,
    Day,
}
