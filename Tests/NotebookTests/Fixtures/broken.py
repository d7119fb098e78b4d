# %% [markdown]
# A notebook with a mistake in its third code cell.

# %%
a = 1

# %%
b = a + 1
print("b is", b)

# %%
c = b * 2
d = c / undefined_name

# %%
print("reached the end")
